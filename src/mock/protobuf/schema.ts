// The protobuf messages the mock speaks, with the field numbers of k8s.io/api and k8s.io/apimachinery.
// Maps are declared as repeated key/value entries (the same wire format as a proto map) so that the
// mock writes keys in Go's sorted order, as kube-apiserver's generated marshallers do.
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto2";
package ksb.k8s;

message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message StringEntry { optional string key = 1; optional string value = 2; }
message BytesEntry { optional string key = 1; optional bytes value = 2; }
message OwnerReference {
  optional string kind = 1;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional bool controller = 6;
  optional bool blockOwnerDeletion = 7;
}
message FieldsV1 { optional bytes Raw = 1; }
message ManagedFieldsEntry {
  optional string manager = 1;
  optional string operation = 2;
  optional string apiVersion = 3;
  optional Time time = 4;
  optional string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8;
}
message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10;
  repeated StringEntry labels = 11;
  repeated StringEntry annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}
message ListMeta {
  optional string selfLink = 1;
  optional string resourceVersion = 2;
  optional string continue = 3;
  optional int64 remainingItemCount = 4;
}
message Secret {
  optional ObjectMeta metadata = 1;
  repeated BytesEntry data = 2;
  optional string type = 3;
  repeated StringEntry stringData = 4;
  optional bool immutable = 5;
}
message ConfigMap {
  optional ObjectMeta metadata = 1;
  repeated StringEntry data = 2;
  repeated BytesEntry binaryData = 3;
  optional bool immutable = 4;
}
message NamespaceSpec { repeated string finalizers = 1; }
message NamespaceCondition {
  optional string type = 1;
  optional string status = 2;
  optional Time lastTransitionTime = 4;
  optional string reason = 5;
  optional string message = 6;
}
message NamespaceStatus { optional string phase = 1; repeated NamespaceCondition conditions = 2; }
message Namespace { optional ObjectMeta metadata = 1; optional NamespaceSpec spec = 2; optional NamespaceStatus status = 3; }
message StatusCause { optional string reason = 1; optional string message = 2; optional string field = 3; }
message StatusDetails {
  optional string name = 1;
  optional string group = 2;
  optional string kind = 3;
  repeated StatusCause causes = 4;
  optional int32 retryAfterSeconds = 5;
  optional string uid = 6;
}
message Status {
  optional ListMeta metadata = 1;
  optional string status = 2;
  optional string message = 3;
  optional string reason = 4;
  optional StatusDetails details = 5;
  optional int32 code = 6;
}
message RawExtension { optional bytes raw = 1; }
message WatchEvent { optional string type = 1; optional RawExtension object = 2; }
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;

export const messages = {
  TypeMeta: root.lookupType('ksb.k8s.TypeMeta'),
  Unknown: root.lookupType('ksb.k8s.Unknown'),
  ListMeta: root.lookupType('ksb.k8s.ListMeta'),
  Secret: root.lookupType('ksb.k8s.Secret'),
  ConfigMap: root.lookupType('ksb.k8s.ConfigMap'),
  Namespace: root.lookupType('ksb.k8s.Namespace'),
  Status: root.lookupType('ksb.k8s.Status'),
  WatchEvent: root.lookupType('ksb.k8s.WatchEvent'),
};

export const { Writer } = protobuf;

/** protobufjs hands back a Buffer in Node; viewing it (not copying) whatever it is keeps encodes cheap. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
