// k6/http: asyncRequest over fetch; k6's synchronous get and patch through a child Node process, since
// Node has no synchronous HTTP and the compiled scripts call them synchronously (setup, churn).
import { execFileSync } from 'node:child_process';

interface Params {
  headers?: Record<string, string>;
  responseType?: 'text' | 'binary' | 'none';
}

interface Response {
  status: number;
  body: string | ArrayBuffer | null;
  headers: Record<string, string>;
  error: string;
  timings: { duration: number; waiting: number };
}

async function asyncRequest(method: string, url: string, body: string | null, params: Params = {}): Promise<Response> {
  const start = performance.now();
  try {
    const res = await fetch(url, { method, body: body ?? undefined, headers: params.headers });
    const waiting = performance.now() - start;
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())] = v));
    const type = params.responseType ?? 'text';
    const data = type === 'binary' ? await res.arrayBuffer() : await res.text();
    return {
      status: res.status,
      body: type === 'none' ? null : data,
      headers,
      error: '',
      timings: { duration: performance.now() - start, waiting },
    };
  } catch (e) {
    return {
      status: 0,
      body: null,
      headers: {},
      error: (e as Error).message,
      timings: { duration: performance.now() - start, waiting: 0 },
    };
  }
}

const CHILD = `let s='';process.stdin.on('data',d=>s+=d).on('end',async()=>{const r=JSON.parse(s);const t=performance.now();
try{const res=await fetch(r.url,{method:r.method,body:r.body??undefined,headers:r.headers});const w=performance.now()-t;const b=await res.text();
process.stdout.write(JSON.stringify({status:res.status,body:b,headers:{},error:'',timings:{duration:performance.now()-t,waiting:w}}))}
catch(e){process.stdout.write(JSON.stringify({status:0,body:null,headers:{},error:String(e.message),timings:{duration:performance.now()-t,waiting:0}}))}})`;

function syncRequest(method: string, url: string, body: string | null, params: Params = {}): Response {
  const out = execFileSync(process.execPath, ['-e', CHILD], { input: JSON.stringify({ method, url, body, headers: params.headers }) });
  return JSON.parse(out.toString()) as Response;
}

export default {
  asyncRequest,
  get: (url: string, params?: Params) => syncRequest('GET', url, null, params),
  patch: (url: string, body: string, params?: Params) => syncRequest('PATCH', url, body, params),
};
