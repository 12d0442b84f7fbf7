package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"

	"google.golang.org/protobuf/encoding/protowire"
)

// protobufMagic starts every Kubernetes protobuf body; a runtime.Unknown message follows, whose field 2 (raw)
// holds the List message: field 1 ListMeta, field 2 each item.
var protobufMagic = []byte{'k', '8', 's', 0}

const (
	unknownRawField = 2
	listMetaField   = 1
	listItemsField  = 2
	listMetaRV      = 2
	listMetaCont    = 3
)

// scanProtobufList counts a protobuf list's items by skipping over them, reading only the list's metadata.
func scanProtobufList(r *bufio.Reader) (int64, string, string, error) {
	magic := make([]byte, len(protobufMagic))
	if _, err := io.ReadFull(r, magic); err != nil || !bytes.Equal(magic, protobufMagic) {
		return -1, "", "", fmt.Errorf("not a Kubernetes protobuf body (missing the k8s\\x00 prefix)")
	}
	var items int64 = -1
	var rv, cont string
	err := eachField(r, -1, func(num protowire.Number, length uint64) error {
		if num != unknownRawField {
			_, err := r.Discard(int(length))
			return err
		}
		items = 0
		return eachField(r, int64(length), func(num protowire.Number, length uint64) error {
			switch num {
			case listItemsField:
				items++
			case listMetaField:
				b := make([]byte, length)
				if _, err := io.ReadFull(r, b); err != nil {
					return err
				}
				rv, cont = listMetaStrings(b)
				return nil
			}
			_, err := r.Discard(int(length))
			return err
		})
	})
	return items, rv, cont, err
}

// eachField walks the length-delimited fields of a message of `limit` bytes (-1: until EOF), calling fn with
// the reader positioned at the field's value, which fn must consume.
func eachField(r *bufio.Reader, limit int64, fn func(protowire.Number, uint64) error) error {
	var read int64
	for limit < 0 || read < limit {
		tag, err := binary.ReadUvarint(r)
		if err == io.EOF && limit < 0 {
			return nil
		}
		if err != nil {
			return fmt.Errorf("protobuf list: %w", err)
		}
		read += int64(protowire.SizeVarint(tag))
		num, typ := protowire.DecodeTag(tag)
		switch typ {
		case protowire.BytesType:
			length, err := binary.ReadUvarint(r)
			if err != nil {
				return fmt.Errorf("protobuf list: %w", err)
			}
			read += int64(protowire.SizeVarint(length)) + int64(length)
			if err := fn(num, length); err != nil {
				return err
			}
		case protowire.VarintType:
			v, err := binary.ReadUvarint(r)
			if err != nil {
				return fmt.Errorf("protobuf list: %w", err)
			}
			read += int64(protowire.SizeVarint(v))
		default:
			return fmt.Errorf("protobuf list: unexpected wire type %d in field %d", typ, num)
		}
	}
	return nil
}

func listMetaStrings(b []byte) (rv, cont string) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return
		}
		b = b[n:]
		if typ != protowire.BytesType {
			m := protowire.ConsumeFieldValue(num, typ, b)
			if m < 0 {
				return
			}
			b = b[m:]
			continue
		}
		v, m := protowire.ConsumeBytes(b)
		if m < 0 {
			return
		}
		switch num {
		case listMetaRV:
			rv = string(v)
		case listMetaCont:
			cont = string(v)
		}
		b = b[m:]
	}
	return
}
