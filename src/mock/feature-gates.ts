// kube-apiserver's --feature-gates syntax ("A=true,B=false") for the gates the mock models.

export interface MockFeatureGates {
  WatchList: boolean;
  StreamingCollectionEncodingToJSON: boolean;
  StreamingCollectionEncodingToProtobuf: boolean;
}

/** Defaults of kube-apiserver 1.33, the release where every gate here can still be switched. */
export const DEFAULT_GATES: Readonly<MockFeatureGates> = {
  WatchList: false,
  StreamingCollectionEncodingToJSON: true,
  StreamingCollectionEncodingToProtobuf: true,
};

export function parseFeatureGates(spec: string): MockFeatureGates {
  const gates: MockFeatureGates = { ...DEFAULT_GATES };
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`--feature-gates: missing bool value for ${part} (expected Name=true|false)`);
    const name = part.slice(0, eq).trim();
    const raw = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (!(name in gates)) {
      throw new Error(`--feature-gates: unrecognized feature gate: ${name} (the mock models ${Object.keys(gates).join(', ')})`);
    }
    if (raw !== 'true' && raw !== 'false') {
      throw new Error(`--feature-gates: invalid value of ${name}=${raw}, err: expected true or false`);
    }
    gates[name as keyof MockFeatureGates] = raw === 'true';
  }
  return gates;
}
