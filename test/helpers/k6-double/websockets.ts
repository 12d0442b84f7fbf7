// k6/websockets: the browser-style WebSocket k6 provides, over the ws package, with k6's third argument.
import { WebSocket as Ws } from 'ws';

export class WebSocket {
  onopen?: () => void;
  onmessage?: (e: { data: unknown }) => void;
  onerror?: (e: { error: string }) => void;
  onclose?: () => void;
  private readonly ws: Ws;

  constructor(url: string, protocols: string | string[] | null, params?: { headers?: Record<string, string> }) {
    this.ws = new Ws(url, protocols ?? undefined, { headers: params?.headers, rejectUnauthorized: false });
    this.ws.on('open', () => this.onopen?.());
    this.ws.on('message', (data, isBinary) => this.onmessage?.({ data: isBinary ? data : (data as Buffer).toString() }));
    this.ws.on('error', (e) => this.onerror?.({ error: e.message }));
    this.ws.on('close', () => this.onclose?.());
  }

  close(): void {
    this.ws.close();
  }
}
