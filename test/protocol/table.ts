// `kubectl get` asks for a meta.k8s.io Table first: the columns and cells of the kinds the mock serves.
import type { TestFn } from 'ava';
import { createNamespace, raw, uniqueNamespace } from '../helpers/raw.js';
import type { SuiteContext } from './suite.js';

const KUBECTL_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export function registerTableTests(test: TestFn<SuiteContext>): void {
  test("LIST and GET with kubectl's Accept give a Table with kube-apiserver's columns for configmaps, secrets and namespaces", async (t) => {
    const target = t.context.target;
    const ns = uniqueNamespace('table');
    await createNamespace(target, ns);
    await raw(target, 'POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { metadata: { name: 'c' }, data: { a: '1', b: '2' } } });
    await raw(target, 'POST', `/api/v1/namespaces/${ns}/secrets`, { body: { metadata: { name: 's' }, stringData: { a: 'x' } } });
    const table = async (path: string) => {
      const r = await raw(target, 'GET', path, { headers: { Accept: KUBECTL_ACCEPT } });
      t.is(r.status, 200, `${path}: ${r.body.toString().slice(0, 200)}`);
      const body = r.json();
      t.like(body, { kind: 'Table', apiVersion: 'meta.k8s.io/v1' }, path);
      return body as { columnDefinitions: { name: string; type: string }[]; rows: { cells: unknown[]; object: { kind: string } }[] };
    };
    const cms = await table(`/api/v1/namespaces/${ns}/configmaps`);
    t.deepEqual(
      cms.columnDefinitions.map((c) => `${c.name}:${c.type}`),
      ['Name:string', 'Data:string', 'Age:string'],
    );
    t.is(cms.rows.length, 1);
    t.deepEqual(cms.rows[0]!.cells.slice(0, 2), ['c', 2]);
    t.regex(String(cms.rows[0]!.cells[2]), /^\d+s$/);
    t.is(cms.rows[0]!.object.kind, 'PartialObjectMetadata');
    const secrets = await table(`/api/v1/namespaces/${ns}/secrets/s`);
    t.deepEqual(
      secrets.columnDefinitions.map((c) => c.name),
      ['Name', 'Type', 'Data', 'Age'],
    );
    t.deepEqual(secrets.rows[0]!.cells.slice(0, 3), ['s', 'Opaque', 1]);
    const namespace = await table(`/api/v1/namespaces/${ns}`);
    t.deepEqual(namespace.rows[0]!.cells.slice(0, 2), [ns, 'Active']);
  });
}
