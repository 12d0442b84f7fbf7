// Kubernetes metav1.Status bodies, shaped as kube-apiserver writes them.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** An error carrying the Status the client must see. Thrown by handlers, written by the router. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number {
    return this.status.code ?? 500;
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  // Field order as Go writes metav1.Status: details (when set) comes before code.
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
  return new StatusError(status);
}

/** "secrets" in group "" prints as `secrets`, otherwise `<resource>.<group>` as the apiserver does. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** What DELETE of an object without finalizers answers (the store's finalizeDelete): Success, with the resource as kind. */
export function deletedStatus(resource: string, name: string, uid: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource, uid } };
}

export const errors = {
  notFound: (resource: string, name: string, group = '') =>
    failure(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource }),
  pathNotFound: () => failure(404, 'NotFound', 'the server could not find the requested resource', {}),
  alreadyExists: (resource: string, name: string, group = '') =>
    failure(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  conflict: (resource: string, name: string) =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, kind: resource },
    ),
  badRequest: (message: string) => failure(400, 'BadRequest', message),
  unauthorized: () => failure(401, 'Unauthorized', 'Unauthorized'),
  methodNotAllowed: () => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  notAcceptable: (available: string) => failure(406, 'NotAcceptable', `406: Not Acceptable\n\nAvailable representations: ${available}`, {}),
  unsupportedMediaType: (accepted: string) =>
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted}`),
  unsupportedPatchType: () => failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}),
  /** 422 as NewGenericServerResponse words it: what a JSON patch that does not apply gets. */
  unprocessable: () => failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {}),
  /** 422 for a patched object the strict decoder refuses, as the patch handler words it (field "patch"). */
  invalidPatch: (patched: string, detail: string) => {
    const message = `Invalid value: ${JSON.stringify(patched)}: ${detail}`;
    return failure(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
      causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }],
    });
  },
  requestEntityTooLarge: (message: string) => failure(413, 'RequestEntityTooLarge', message),
  /** 410 Gone with reason Expired, as for an expired continue token or a compacted resourceVersion. */
  expired: (message: string) => failure(410, 'Expired', message),
  timeout: (message: string, causes?: StatusCause[]) => failure(504, 'Timeout', message, { causes, retryAfterSeconds: 1 }),
  internal: (message: string) =>
    failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message }] }),
  /** 422 Invalid, as apierrors.NewInvalid(groupKind, name, fieldErrors) renders it. */
  invalid: (kind: string, group: string, name: string, fieldErrors: FieldError[]) => {
    const gk = group ? `${kind}.${group}` : kind;
    const list = fieldErrors.map((e) => `${e.field}: ${e.detail}`);
    const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return failure(422, 'Invalid', `${gk} "${name}" is invalid: ${joined}`, {
      name,
      group: group || undefined,
      kind,
      causes: fieldErrors.map((e) => ({ reason: e.reason, message: e.detail, field: e.field })),
    });
  },
};

/** A field.Error: the detail is already rendered the way field.Error.ErrorBody() does. */
export interface FieldError {
  field: string;
  reason: 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueTooLong';
  detail: string;
}

export const fieldErrors = {
  forbidden: (field: string, detail: string): FieldError => ({ field, reason: 'FieldValueForbidden', detail: `Forbidden: ${detail}` }),
  notSupported: (field: string, value: string, supported: string[]): FieldError => ({
    field,
    reason: 'FieldValueNotSupported',
    detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    field,
    reason: 'FieldValueInvalid',
    detail: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
  }),
  required: (field: string, detail = ''): FieldError => ({
    field,
    reason: 'FieldValueRequired',
    detail: detail ? `Required value: ${detail}` : 'Required value',
  }),
};
