// The fields of the kinds the mock decodes with a schema (canonical.ts), as data: the OpenAPI documents are built
// from this, and test/mock/openapi.test.ts checks it against what canonicalize keeps, so the two cannot drift.
// Pod and Event have no schema in the mock: their documents say so (x-kubernetes-preserve-unknown-fields).

export interface Prop {
  type?: 'string' | 'integer' | 'boolean' | 'object' | 'array';
  format?: string;
  description: string;
  items?: Prop;
  /** A map's values (additionalProperties). */
  values?: Prop;
  /** A definition's name in DEFINITIONS. */
  ref?: string;
  /** Accepted on write, never returned (Secret.stringData is merged into data). */
  writeOnly?: boolean;
}

export interface Definition {
  description: string;
  properties: Record<string, Prop>;
  required?: string[];
  /** Set for top-level kinds: x-kubernetes-group-version-kind. */
  kind?: string;
  /** No schema in the mock: fields are kept as sent. */
  preserveUnknownFields?: boolean;
}

const META_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE_V1 = 'io.k8s.api.core.v1';
const OBJECT_META = `${META_V1}.ObjectMeta`;

const str = (description: string): Prop => ({ type: 'string', description });
const int64 = (description: string): Prop => ({ type: 'integer', format: 'int64', description });
const bool = (description: string): Prop => ({ type: 'boolean', description });
const time = (description: string): Prop => ({ type: 'string', format: 'date-time', description });
const stringMap = (description: string, format?: string): Prop => ({
  type: 'object',
  description,
  values: { type: 'string', format, description: '' },
});
const list = (description: string, items: Prop): Prop => ({ type: 'array', description, items });
const ref = (name: string, description: string): Prop => ({ ref: name, description });

const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
};
const metadata = ref(OBJECT_META, "Standard object's metadata.");

export const DEFINITIONS: Record<string, Definition> = {
  [OBJECT_META]: {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      name: str('Name must be unique within a namespace.'),
      generateName: str('An optional prefix used by the server to generate a unique name when name is not set.'),
      namespace: str('Namespace defines the space within which each name must be unique.'),
      selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
      uid: str('UID is the unique in time and space value for this object. Set by the server.'),
      resourceVersion: str('An opaque value that represents the internal version of this object.'),
      generation: int64('A sequence number representing a specific generation of the desired state.'),
      creationTimestamp: time('A timestamp representing the server time when this object was created.'),
      deletionTimestamp: time('RFC 3339 date and time at which this resource will be deleted.'),
      deletionGracePeriodSeconds: int64('Number of seconds allowed for this object to gracefully terminate.'),
      labels: stringMap('Map of string keys and values that can be used to organize and categorize objects.'),
      annotations: stringMap('An unstructured key value map stored with a resource that may be set by external tools.'),
      ownerReferences: list('List of objects depended by this object.', ref(`${META_V1}.OwnerReference`, '')),
      finalizers: list('Must be empty before the object is deleted from the registry.', str('')),
      managedFields: list(
        'Maps workflow-id and version to the set of fields that are managed by that workflow.',
        ref(`${META_V1}.ManagedFieldsEntry`, ''),
      ),
    },
  },
  [`${META_V1}.OwnerReference`]: {
    description: 'OwnerReference contains enough information to let you identify an owning object.',
    properties: {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool('If true, the owner cannot be deleted from the key-value store until this reference is removed.'),
    },
    required: ['apiVersion', 'kind', 'name', 'uid'],
  },
  [`${META_V1}.ManagedFieldsEntry`]: {
    description: 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    properties: {
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str('Operation is the type of operation which lead to this ManagedFieldsEntry being created.'),
      apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
      time: time('Time is the timestamp of when the ManagedFields entry was added.'),
      fieldsType: str('FieldsType is the discriminator for the different fields format and version.'),
      fieldsV1: { type: 'object', description: 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.' },
      subresource: str('Subresource is the name of the subresource used to update that object.'),
    },
  },
  [`${CORE_V1}.ConfigMap`]: {
    kind: 'ConfigMap',
    description: 'ConfigMap holds configuration data for pods to consume.',
    properties: {
      ...typeMeta,
      metadata,
      immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.'),
      data: stringMap('Data contains the configuration data. Each key must consist of alphanumeric characters, -, _ or .'),
      binaryData: stringMap('BinaryData contains the binary data, base64 encoded.', 'byte'),
    },
  },
  [`${CORE_V1}.Secret`]: {
    kind: 'Secret',
    description:
      'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.',
    properties: {
      ...typeMeta,
      metadata,
      immutable: bool('Immutable, if set to true, ensures that data stored in the Secret cannot be updated.'),
      data: stringMap('Data contains the secret data, base64 encoded.', 'byte'),
      stringData: {
        ...stringMap('stringData allows specifying non-binary secret data in string form; merged into data on write.'),
        writeOnly: true,
      },
      type: str('Used to facilitate programmatic handling of secret data. Defaults to Opaque.'),
    },
  },
  [`${CORE_V1}.Namespace`]: {
    kind: 'Namespace',
    description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    properties: {
      ...typeMeta,
      metadata,
      spec: ref(`${CORE_V1}.NamespaceSpec`, 'Spec defines the behavior of the Namespace.'),
      status: ref(`${CORE_V1}.NamespaceStatus`, 'Status describes the current status of a Namespace.'),
    },
  },
  [`${CORE_V1}.NamespaceSpec`]: {
    description: 'NamespaceSpec describes the attributes on a Namespace.',
    properties: {
      finalizers: list('Finalizers is an opaque list of values that must be empty to permanently remove object from storage.', str('')),
    },
  },
  [`${CORE_V1}.NamespaceStatus`]: {
    description: 'NamespaceStatus is information about the current status of a Namespace.',
    properties: {
      phase: str('Phase is the current lifecycle phase of the namespace.'),
      conditions: list(
        "Represents the latest available observations of a namespace's current state.",
        ref(`${CORE_V1}.NamespaceCondition`, ''),
      ),
    },
  },
  [`${CORE_V1}.NamespaceCondition`]: {
    description: 'NamespaceCondition contains details about state of namespace.',
    properties: {
      type: str('Type of namespace controller condition.'),
      status: str('Status of the condition, one of True, False, Unknown.'),
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      message: str('Human-readable message indicating details about last transition.'),
    },
    required: ['type', 'status'],
  },
  [`${CORE_V1}.Pod`]: {
    kind: 'Pod',
    description: 'Pod is a collection of containers that can run on a host. The mock stores its fields as sent.',
    properties: { ...typeMeta, metadata },
    preserveUnknownFields: true,
  },
  [`${CORE_V1}.Event`]: {
    kind: 'Event',
    description: 'Event is a report of an event somewhere in the cluster. The mock stores its fields as sent and writes none.',
    properties: { ...typeMeta, metadata },
    preserveUnknownFields: true,
  },
};

/** The definition name of a top-level kind. */
export function definitionOf(kind: string): string | undefined {
  return Object.keys(DEFINITIONS).find((name) => DEFINITIONS[name]!.kind === kind);
}
