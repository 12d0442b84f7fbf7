// Query parameters of LIST and WATCH, parsed and validated the way kube-apiserver's ValidateListOptions does.
import { errors, fieldErrors, type FieldError } from './status.js';

export interface ListOptions {
  watch: boolean;
  resourceVersion: string; // '' when unset
  resourceVersionMatch: string;
  limit: number; // 0 = no limit
  continueToken: string;
  labelSelector: string;
  fieldSelector: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
}

/** apimachinery's query conversion: "", "0", "f", "false" (any case) are false; anything else is true. */
function parseBool(raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  const v = raw.toLowerCase();
  return !(v === '' || v === '0' || v === 'f' || v === 'false');
}

function parseInteger(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}

export function parseListOptions(params: URLSearchParams): ListOptions {
  const limit = parseInteger(params.get('limit')) ?? 0;
  return {
    watch: parseBool(params.get('watch')) ?? false,
    resourceVersion: params.get('resourceVersion') ?? '',
    resourceVersionMatch: params.get('resourceVersionMatch') ?? '',
    limit: limit > 0 ? limit : 0,
    continueToken: params.get('continue') ?? '',
    labelSelector: params.get('labelSelector') ?? '',
    fieldSelector: params.get('fieldSelector') ?? '',
    allowWatchBookmarks: parseBool(params.get('allowWatchBookmarks')) ?? false,
    sendInitialEvents: parseBool(params.get('sendInitialEvents')),
    timeoutSeconds: parseInteger(params.get('timeoutSeconds')),
  };
}

function validateList(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (match) {
    if (!o.resourceVersion)
      errs.push(fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continueToken)
      errs.push(fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan')
      errs.push(fieldErrors.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && o.resourceVersion === '0')
      errs.push(fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (o.sendInitialEvents !== undefined) errs.push(fieldErrors.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

function validateWatch(o: ListOptions, watchListEnabled: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.sendInitialEvents !== undefined) {
    if (match !== 'NotOlderThan')
      errs.push(fieldErrors.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    if (!watchListEnabled)
      errs.push(
        fieldErrors.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled'),
      );
  }
  if (match) {
    if (o.sendInitialEvents === undefined)
      errs.push(
        fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'),
      );
    if (match !== 'NotOlderThan') errs.push(fieldErrors.notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    if (o.continueToken)
      errs.push(fieldErrors.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/** Throws the 422 Invalid Status kube-apiserver returns for a forbidden combination. */
export function validateListOptions(o: ListOptions, watchListEnabled: boolean): void {
  const errs = o.watch ? validateWatch(o, watchListEnabled) : validateList(o);
  if (errs.length) throw errors.invalid('ListOptions', 'meta.k8s.io', '', errs);
}

/** A resourceVersion query value as a number; '' and '0' are not revisions. */
export function parseResourceVersion(rv: string): number {
  if (!/^\d+$/.test(rv))
    throw errors.badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`,
    );
  return Number(rv);
}
