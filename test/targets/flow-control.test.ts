// --flow-schema's objects and checks, and reading the stored-object count APF prices a LIST by.
import test from 'ava';
import { checkFlowSchema } from '../../src/cli/parse.js';
import { InputError } from '../../src/errors/input-error.js';
import { flowControlObjects, flowSchemaNameProblem, storedObjects, verbSchemas } from '../../src/targets/flow-control.js';

test('--flow-schema: a DNS-1123 name on a target with APF; anything else is an InputError (exit 2) naming the flag', (t) => {
  t.is(checkFlowSchema(undefined, 'mock'), undefined);
  t.is(checkFlowSchema('ksb-test', 'local'), 'ksb-test');
  t.is(checkFlowSchema('a.b-1', 'kubeconfig'), 'a.b-1');
  for (const bad of ['Bad_Name', '-x', 'x-', '', 'UPPER', 'a'.repeat(248)]) {
    const e = t.throws(() => checkFlowSchema(bad, 'local'), { instanceOf: InputError }, bad);
    t.regex(e.message, /^--flow-schema "/, bad);
    t.is(e.exitCode, 2);
  }
  t.regex(flowSchemaNameProblem('Bad_Name') ?? '', /DNS-1123/);
  const mock = t.throws(() => checkFlowSchema('ksb-test', 'mock'), { instanceOf: InputError });
  t.regex(mock.message, /^--flow-schema: the mock has no API Priority and Fairness/);
});

test('--flow-schema: a Limited priority level and LIST, WATCH and catch-all schemas for the load’s user, before global-default', (t) => {
  const { priorityLevel, flowSchemas } = flowControlObjects('ksb', 'ksb-load') as {
    priorityLevel: { metadata: { name: string }; spec: { type: string; limited: { nominalConcurrencyShares: number } } };
    flowSchemas: Array<{
      metadata: { name: string };
      spec: {
        priorityLevelConfiguration: { name: string };
        matchingPrecedence: number;
        rules: Array<{
          subjects: Array<{ user: { name: string } }>;
          resourceRules: Array<{ verbs: string[] }>;
          nonResourceRules?: unknown[];
        }>;
      };
    }>;
  };
  t.is(priorityLevel.metadata.name, 'ksb');
  t.is(priorityLevel.spec.type, 'Limited');
  t.true(priorityLevel.spec.limited.nominalConcurrencyShares > 0);
  t.deepEqual(
    flowSchemas.map((f) => [f.metadata.name, f.spec.rules[0]!.resourceRules[0]!.verbs]),
    [
      ['ksb-list', ['list']],
      ['ksb-watch', ['watch']],
      ['ksb', ['*']],
    ],
  );
  t.deepEqual(verbSchemas('ksb'), { list: 'ksb-list', watch: 'ksb-watch', other: 'ksb' });
  for (const f of flowSchemas) {
    t.is(f.spec.priorityLevelConfiguration.name, 'ksb');
    t.is(f.spec.rules[0]!.subjects[0]!.user.name, 'ksb-load');
    // after the built-in schemas a user can match (up to kube-system-service-accounts at 900), before global-default
    t.true(f.spec.matchingPrecedence > 900 && f.spec.matchingPrecedence < 9000, f.metadata.name);
  }
  // the per-verb schemas decide before the catch-all one
  t.true(flowSchemas[0]!.spec.matchingPrecedence < flowSchemas[2]!.spec.matchingPrecedence);
  t.truthy(flowSchemas[2]!.spec.rules[0]!.nonResourceRules);
});

test('stored objects: apiserver_storage_objects of one resource, absent where the server has not counted it', (t) => {
  const page = 'apiserver_storage_objects{resource="configmaps"} 203\napiserver_storage_objects{resource="secrets"} 1\n';
  t.is(storedObjects(page, 'configmaps'), 203);
  t.is(storedObjects(page, 'pods'), undefined);
});
