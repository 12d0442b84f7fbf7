package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A TLS server whose certificate httptest's own CA signed, answering /version as an apiserver does.
func versionServer(t *testing.T) *httptest.Server {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"gitVersion":"v0.0.0-test"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func certPEM(der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// otherCA is a CA that signed nothing the server presents.
func otherCA(t *testing.T) string {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "not-the-apiserver-ca"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return certPEM(der)
}

// connectionWithCA reads the connection as ksb passes it: KSB_CA_FILE names a file with the CA's PEM (none when
// caPEM is empty: ksb passes no CA where the target says to skip verification, which client-go refuses with a CA).
func connectionWithCA(t *testing.T, url, caPEM, insecure string) Connection {
	env := map[string]string{"KSB_TARGET_URL": url, "KSB_INSECURE_SKIP_TLS_VERIFY": insecure}
	if caPEM != "" {
		env["KSB_CA_FILE"] = filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(env["KSB_CA_FILE"], []byte(caPEM), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := connectionFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTargetWithItsCAIsVerified(t *testing.T) {
	srv := versionServer(t)
	c := connectionWithCA(t, srv.URL, certPEM(srv.Certificate().Raw), "false")
	if err := checkTarget(context.Background(), c); err != nil {
		t.Fatalf("the server's own CA: %v", err)
	}
}

func TestCertificateNotSignedByTheCAIsRefused(t *testing.T) {
	srv := versionServer(t)
	c := connectionWithCA(t, srv.URL, otherCA(t), "false")
	err := checkTarget(context.Background(), c)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a certificate another CA signed: expected a certificate error, got %v", err)
	}
}

func TestInsecureSkipsVerificationOnlyWhenAsked(t *testing.T) {
	srv := versionServer(t)
	if err := checkTarget(context.Background(), connectionWithCA(t, srv.URL, "", "true")); err != nil {
		t.Fatalf("KSB_INSECURE_SKIP_TLS_VERIFY=true: %v", err)
	}
	if err := checkTarget(context.Background(), connectionWithCA(t, srv.URL, "", "false")); err == nil {
		t.Fatal("no CA and no KSB_INSECURE_SKIP_TLS_VERIFY: the system's roots must refuse httptest's certificate")
	}
}
