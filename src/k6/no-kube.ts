// Stands in for k6/x/kube in scripts whose scenarios are all run by k6's JS client, so they run on stock k6.
function missing(): never {
  throw new Error('this script was compiled without k6/x/kube: client-go scenarios run with ksb-runner (the default engine)');
}

export default { informers: missing, list: missing, clientVersion: missing };
