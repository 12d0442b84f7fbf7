// `ksb mock`: run the mock kube-apiserver in the foreground.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { parseFeatureGates } from '../mock/feature-gates.js';
import { parseBytes, parseDurationMs, parsePort, parsePositiveInt } from './parse.js';

/** kube-apiserver's --token-auth-file format (token,user,uid,"groups"); a bare token per line works too. */
function readTokenFile(path: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError(`cannot read --token-file ${path}: ${(e as Error).message}`);
  }
  const tokens = new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(',')[0]!.trim()),
  );
  if (tokens.size === 0) throw new InvalidArgumentError(`--token-file ${path} holds no token`);
  return tokens;
}

function gates(value: string) {
  try {
    return parseFeatureGates(value);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message.replace(/^--feature-gates: /, ''));
  }
}

export function mockCommand(): Command {
  return new Command('mock')
    .description('run the mock kube-apiserver on 127.0.0.1 (the default benchmark target)')
    .option('--port <port>', 'port on 127.0.0.1; 0 picks a free one', parsePort, 0)
    .option('--feature-gates <gates>', 'kube-apiserver syntax, e.g. StreamingCollectionEncodingToJSON=false,WatchList=true', gates)
    .option('--token-file <path>', 'require a bearer token from this file (kube-apiserver --token-auth-file format)')
    .option('--max-object-size <size>', "largest object accepted, like etcd's request limit", parseBytes, 1.5 * 1024 * 1024)
    .option('--continue-ttl <duration>', 'age after which a continue token expires (410 Gone)', parseDurationMs, 5 * 60_000)
    .option('--history-size <n>', 'watch events kept; older resourceVersions get 410 Expired', parsePositiveInt, 10000)
    .option('--bookmark-interval <duration>', 'period of BOOKMARK events on watches that allow them', parseDurationMs, 60_000)
    .action(
      async (o: {
        port: number;
        featureGates?: ReturnType<typeof parseFeatureGates>;
        tokenFile?: string;
        maxObjectSize: number;
        continueTtl: number;
        historySize: number;
        bookmarkInterval: number;
      }) => {
        // loaded here: the mock's HTTP, WebSocket, protobuf and metrics stack is only for `ksb mock`
        const { MockApiServer } = await import('../mock/server.js');
        const server = new MockApiServer({
          port: o.port,
          gates: o.featureGates ?? parseFeatureGates(''),
          tokens: o.tokenFile ? readTokenFile(o.tokenFile) : new Set(),
          maxObjectBytes: o.maxObjectSize,
          continueTTLms: o.continueTtl,
          historySize: o.historySize,
          bookmarkIntervalMs: o.bookmarkInterval,
        });
        const url = await server.listen();
        process.stdout.write(`listening on ${url}\n`);
        const stop = async () => {
          await server.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      },
    );
}
