// oci-pack writes an OCI image archive (an OCI image layout in a tar file, what `skopeo copy oci-archive:…`,
// `kind load image-archive` and `crane push` read) holding one static binary on an empty base, with a CA
// bundle and a non-root user. No container engine and no registry are involved.
//
// Usage: oci-pack -binary <static ELF> -ca-bundle <PEM> -name <ref> -o <archive.tar> [-label k=v]...
// Exit codes: 0 written, 2 bad flags or input files, 3 writing failed.
package main

import (
	"archive/tar"
	"bytes"
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

const (
	binPath = "/usr/local/bin/ksb-runner"
	caPath  = "/etc/ssl/certs/ca-certificates.crt"
	uid     = 65532 // distroless's "nonroot"
)

type labels map[string]string

func (l labels) String() string { return fmt.Sprint(map[string]string(l)) }
func (l labels) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("expected key=value, got %q", s)
	}
	l[k] = v
	return nil
}

func fail(code int, format string, a ...any) {
	fmt.Fprintf(os.Stderr, "oci-pack: "+format+"\n", a...)
	os.Exit(code)
}

// checkStatic refuses a binary that is not a Linux ELF executable or that needs a dynamic loader (cgo).
func checkStatic(path string) (string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return "", fmt.Errorf("not an ELF executable (%v)", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return "", errors.New("dynamically linked (it has an ELF interpreter); build it with CGO_ENABLED=0")
		}
	}
	switch f.Machine {
	case elf.EM_X86_64:
		return "amd64", nil
	case elf.EM_AARCH64:
		return "arm64", nil
	}
	return "", fmt.Errorf("ELF machine %v is neither amd64 nor arm64", f.Machine)
}

// rootfs is the single layer: the binary, the CA bundle, a passwd/group naming the non-root user, and /tmp.
func rootfs(binary, ca []byte, epoch time.Time) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	dir := func(name string, mode int64) {
		_ = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: name + "/", Mode: mode, ModTime: epoch, Format: tar.FormatPAX})
	}
	file := func(name string, mode int64, data []byte) {
		_ = tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(data)), ModTime: epoch, Format: tar.FormatPAX})
		_, _ = tw.Write(data)
	}
	for _, d := range []string{"etc", "etc/ssl", "etc/ssl/certs", "usr", "usr/local", "usr/local/bin"} {
		dir(d, 0o755)
	}
	dir("tmp", 0o1777)
	file("etc/passwd", 0o644, []byte(fmt.Sprintf("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%d:%d:nonroot:/tmp:/sbin/nologin\n", uid, uid)))
	file("etc/group", 0o644, []byte(fmt.Sprintf("root:x:0:\nnonroot:x:%d:\n", uid)))
	file(strings.TrimPrefix(caPath, "/"), 0o644, ca)
	file(strings.TrimPrefix(binPath, "/"), 0o755, binary)
	_ = tw.Close()
	return buf.Bytes()
}

// tarDir writes the OCI layout in dir as a tar archive at out (atomically: a temporary file renamed).
func tarDir(dir, out string) error {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		h, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname = filepath.ToSlash(rel), time.Unix(0, 0), 0, 0, "", ""
		if d.IsDir() {
			h.Name += "/"
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(tw, src)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// containerdName is the full reference containerd (kind load image-archive) imports the image as.
func containerdName(ref string) string {
	first, _, hasSlash := strings.Cut(ref, "/")
	switch {
	case !hasSlash:
		return "docker.io/library/" + ref
	case strings.ContainsAny(first, ".:") || first == "localhost":
		return ref
	}
	return "docker.io/" + ref
}

func main() {
	binary := flag.String("binary", "", "the static binary to run (entrypoint)")
	caBundle := flag.String("ca-bundle", "", "PEM CA bundle installed at "+caPath)
	name := flag.String("name", "", "image reference recorded in the archive, e.g. ksb-runner:0.1.0")
	out := flag.String("o", "", "archive to write")
	created := flag.Int64("created", 0, "image creation time, Unix seconds (default 0: reproducible)")
	lbl := labels{}
	flag.Var(lbl, "label", "image label key=value (repeatable)")
	flag.Parse()
	if *binary == "" || *caBundle == "" || *name == "" || *out == "" || flag.NArg() > 0 {
		fail(2, "usage: oci-pack -binary <static ELF> -ca-bundle <PEM> -name <ref> -o <archive.tar> [-label k=v]...")
	}
	arch, err := checkStatic(*binary)
	if err != nil {
		fail(2, "-binary %s: %v", *binary, err)
	}
	bin, err := os.ReadFile(*binary)
	if err != nil {
		fail(2, "-binary %s: %v", *binary, err)
	}
	ca, err := os.ReadFile(*caBundle)
	if err != nil || !bytes.Contains(ca, []byte("-----BEGIN CERTIFICATE-----")) {
		fail(2, "-ca-bundle %s: expected a PEM file of CA certificates (%v)", *caBundle, err)
	}
	epoch := time.Unix(*created, 0).UTC()
	layerBytes := rootfs(bin, ca, epoch)
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(layerBytes)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		fail(3, "building the layer: %v", err)
	}
	img, err := mutate.Append(mutate.MediaType(empty.Image, types.OCIManifestSchema1), mutate.Addendum{
		Layer:   layer,
		History: v1.History{CreatedBy: "oci-pack (kube-stream-bench): " + filepath.Base(*binary) + ", CA bundle, user nonroot", Created: v1.Time{Time: epoch}},
	})
	if err != nil {
		fail(3, "building the image: %v", err)
	}
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	cf, err := img.ConfigFile()
	if err != nil {
		fail(3, "reading the image config: %v", err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", arch, v1.Time{Time: epoch}
	cf.Config.Entrypoint = []string{binPath}
	cf.Config.User = fmt.Sprintf("%d:%d", uid, uid)
	cf.Config.WorkingDir = "/tmp"
	cf.Config.Env = []string{"PATH=/usr/local/bin", "HOME=/tmp", "SSL_CERT_FILE=" + caPath}
	cf.Config.Labels = lbl
	img, err = mutate.ConfigFile(img, cf)
	if err != nil {
		fail(3, "writing the image config: %v", err)
	}
	work, err := os.MkdirTemp(filepath.Dir(*out), ".oci-pack-")
	if err != nil {
		fail(3, "-o %s: %v", *out, err)
	}
	defer os.RemoveAll(work)
	p, err := layout.Write(work, empty.Index)
	if err != nil {
		fail(3, "writing the OCI layout: %v", err)
	}
	err = p.AppendImage(img, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": *name,
		"io.containerd.image.name":          containerdName(*name),
	}),
		layout.WithPlatform(v1.Platform{OS: "linux", Architecture: arch}))
	if err != nil {
		fail(3, "writing the OCI layout: %v", err)
	}
	if err := tarDir(work, *out); err != nil {
		fail(3, "-o %s: %v", *out, err)
	}
	digest, _ := img.Digest()
	fmt.Printf("%s %s %s/%s %s\n", *out, *name, "linux", arch, digest)
}
