// The client parameters every informer workload takes, and the ClientSpec they resolve to.
import { CLIENT_KINDS, CONTENT_TYPES, type ClientKind, type ClientSpec, type ContentType } from '../plan/plan.js';
import { param } from './params.js';

export const clientParams = {
  client: param.enum(
    'who makes the requests: client-go (real informers in k6, via k6/x/kube) or js (k6/http + k6/websockets, for very large fan-out)',
    'client-go',
    CLIENT_KINDS,
  ),
  contentType: param.enum(
    'client-go: encoding asked for; protobuf is what kube-controller-manager and client-go v0.34+ typed clients use, json what the JS client speaks',
    'protobuf',
    CONTENT_TYPES,
  ),
  http1: param.bool('client-go: HTTP/1.1 chunked watches instead of HTTP/2', false),
  compression: param.bool('client-go: ask for gzip, as client-go does by default (kube-apiserver then compresses large LISTs)', true),
  shareClient: param.bool('client-go: one client (one connection) for every informer, as in one process, instead of one each', false),
  keepObjects: param.bool('client-go: keep whole objects in the informer stores (false: metadata only)', true),
};

export function clientFrom(p: {
  client: string;
  contentType: string;
  http1: boolean;
  compression: boolean;
  shareClient: boolean;
  keepObjects: boolean;
}): ClientSpec {
  return {
    kind: p.client as ClientKind,
    contentType: p.contentType as ContentType,
    http1: p.http1,
    compression: p.compression,
    shareClient: p.shareClient,
    keepObjects: p.keepObjects,
  };
}
