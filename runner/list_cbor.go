package main

import (
	"fmt"
	"io"

	"github.com/fxamacker/cbor/v2"
	"k8s.io/apimachinery/pkg/api/meta"
	cborserializer "k8s.io/apimachinery/pkg/runtime/serializer/cbor"
	"k8s.io/client-go/kubernetes/scheme"
)

// cborListShape is the part of a CBOR list a scan needs: items decode into empty structs, so only their count
// stays in memory (the decoder still reads the whole body before it walks it: kube-apiserver does not stream
// CBOR lists either, KEP-4222).
type cborListShape struct {
	Metadata struct {
		ResourceVersion string `cbor:"resourceVersion"`
		Continue        string `cbor:"continue"`
	} `cbor:"metadata"`
	Items []struct{} `cbor:"items"`
}

// kube-apiserver writes keys and strings as byte strings (apimachinery's CBOR serializer): accept them as names.
var cborScanMode = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		FieldNameByteString: cbor.FieldNameByteStringAllowed,
		ByteStringToString:  cbor.ByteStringToStringAllowed,
		MaxArrayElements:    1 << 27,
		MaxMapPairs:         1 << 27,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// scanCBORList counts a CBOR list's items without building objects.
func scanCBORList(r io.Reader) (int64, string, string, error) {
	var l cborListShape
	if err := cborScanMode.NewDecoder(r).Decode(&l); err != nil {
		return -1, "", "", fmt.Errorf("reading cbor list: %w", err)
	}
	return int64(len(l.Items)), l.Metadata.ResourceVersion, l.Metadata.Continue, nil
}

// decodeCBORList decodes a CBOR list into typed objects with apimachinery's CBOR serializer, as client-go does.
func decodeCBORList(data []byte) (int64, string, string, error) {
	obj, _, err := cborserializer.NewSerializer(scheme.Scheme, scheme.Scheme).Decode(data, nil, nil)
	if err != nil {
		return -1, "", "", fmt.Errorf("decoding application/cbor list: %w", err)
	}
	lm, err := meta.ListAccessor(obj)
	if err != nil {
		return int64(meta.LenList(obj)), "", "", nil
	}
	return int64(meta.LenList(obj)), lm.GetResourceVersion(), lm.GetContinue(), nil
}
