import test from 'ava';
import { gateDifferences, gatesFromMetrics, gatesThatMatter, serverGates } from '../../src/targets/effective-gates.js';
import { startMock } from '../helpers/target.js';

const METRICS = [
  '# HELP kubernetes_feature_enabled [BETA] This metric records the data about the stage and enablement of a k8s feature.',
  '# TYPE kubernetes_feature_enabled gauge',
  'kubernetes_feature_enabled{name="WatchList",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="StreamingCollectionEncodingToJSON",stage="BETA"} 0',
  'kubernetes_feature_enabled{name="ListFromCacheSnapshot",stage="BETA"} 0',
  'kubernetes_feature_enabled{name="CBORServingAndStorage",stage="ALPHA"} 0',
  'kubernetes_feature_enabled{name="APIResponseCompression",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="EtcdRangeStream",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="WatchListCompression",stage="BETA"} 1',
  'kubernetes_feature_enabled{name="PodLevelResources",stage="BETA"} 1',
  'apiserver_storage_objects{resource="secrets"} 4',
].join('\n');

test('kubernetes_feature_enabled is read into gates; the ones that change LIST and informer costs are kept, in order', (t) => {
  const all = gatesFromMetrics(METRICS);
  t.is(Object.keys(all).length, 8);
  t.deepEqual(Object.keys(gatesThatMatter(all)), [
    'APIResponseCompression',
    'CBORServingAndStorage',
    'EtcdRangeStream',
    'ListFromCacheSnapshot',
    'StreamingCollectionEncodingToJSON',
    'WatchList',
    'WatchListCompression',
  ]);
});

test('a gate asked for that the server runs otherwise, or does not report, is a difference', (t) => {
  const found = gatesFromMetrics(METRICS);
  t.deepEqual(gateDifferences({ WatchList: true, StreamingCollectionEncodingToJSON: false }, found), []);
  t.deepEqual(gateDifferences({ WatchList: false, Nonexistent: true }, found), [
    { gate: 'WatchList', asked: false, found: true },
    { gate: 'Nonexistent', asked: true, found: undefined },
  ]);
});

test('the mock reports the gates it runs with, as kube-apiserver does', async (t) => {
  const mock = await startMock({ featureGates: 'WatchList=false,StreamingCollectionEncodingToJSON=false' });
  t.teardown(() => mock.close());
  t.deepEqual(gatesThatMatter(await serverGates({ url: mock.url, insecureSkipTLSVerify: false })), {
    StreamingCollectionEncodingToJSON: false,
    StreamingCollectionEncodingToProtobuf: true,
    WatchList: false,
  });
});
