import test from 'ava';
import { abMeaning, gatePlanFor, parseKubeVersion } from '../../src/targets/local/versions.js';
import { VARIANTS } from '../../src/workload/variants.js';

const ab = [VARIANTS.legacy!, VARIANTS.streaming!];
const meaningOn = (release: string, emulation: 'auto' | 'off') => {
  const v = parseKubeVersion(release);
  return abMeaning(v, gatePlanFor(v, { kind: emulation }, ab));
};

test('what the A/B varies, per release: everything on 1.33 and where emulation reaches 1.33, WatchList only on 1.37', (t) => {
  t.is(meaningOn('1.33.13', 'auto'), undefined);
  t.is(meaningOn('1.36.3', 'auto'), undefined); // emulates 1.33: every gate switchable
  t.regex(
    meaningOn('1.37.2', 'auto')!,
    /^kube-apiserver 1\.37\.2 has StreamingCollectionEncodingToJSON=true, StreamingCollectionEncodingToProtobuf=true locked .* varies WatchList \(with WatchListCompression, beta and on from 1\.37\) and the client only$/,
  );
  t.regex(
    meaningOn('1.35.4', 'off')!,
    /^kube-apiserver 1\.35\.4 has StreamingCollectionEncodingToJSON=true.* varies WatchList and the client only$/,
  );
});
