// A /metrics page with the cases the parser and the sampler must handle.
export const TEXT = `# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 1.2345e+08
apiserver_current_inflight_requests{request_kind="readOnly"} 3
apiserver_longrunning_requests{component="apiserver",group="",resource="secrets",scope="cluster",subresource="",verb="WATCH",version="v1"} 16
apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 2
weird_label{path="a\\"b\\\\c",x="new\\nline"} NaN
go_gc_duration_seconds{quantile="1"} +Inf 1700000000000
nodejs_eventloop_lag_seconds Nan
`;
