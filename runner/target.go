package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/rest"
)

// connectionFromEnv reads the target from the environment only, never from the plan or the command line
// (both end up in files and process listings): KSB_TARGET_URL, KSB_TOKEN or KSB_TOKEN_FILE,
// KSB_INSECURE_SKIP_TLS_VERIFY, KSB_CLIENT_CERT and KSB_CLIENT_KEY (PEM), KSB_CA_FILE.
func connectionFromEnv(getenv func(string) string) (Connection, error) {
	c := Connection{URL: strings.TrimRight(getenv("KSB_TARGET_URL"), "/"), Token: getenv("KSB_TOKEN")}
	if c.URL == "" {
		return c, fmt.Errorf("KSB_TARGET_URL: expected the apiserver's base URL like https://127.0.0.1:6443, got nothing")
	}
	if f := getenv("KSB_TOKEN_FILE"); f != "" && c.Token == "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return c, fmt.Errorf("KSB_TOKEN_FILE: %w", err)
		}
		c.Token = strings.TrimSpace(string(b))
	}
	if v := getenv("KSB_INSECURE_SKIP_TLS_VERIFY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf(`KSB_INSECURE_SKIP_TLS_VERIFY: expected true or false, got "%s"`, v)
		}
		c.InsecureSkipTLSVerify = b
	}
	c.ClientCertPEM, c.ClientKeyPEM = getenv("KSB_CLIENT_CERT"), getenv("KSB_CLIENT_KEY")
	if f := getenv("KSB_CA_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return c, fmt.Errorf("KSB_CA_FILE: %w", err)
		}
		c.CAPEM = string(b)
	}
	if err := c.validate(); err != nil {
		return c, fmt.Errorf("KSB_TARGET_URL or credentials: %w", err)
	}
	return c, nil
}

// checkTarget fails fast, with a readable message, when the target is unreachable or refuses us.
func checkTarget(ctx context.Context, c Connection) error {
	hc, err := rest.HTTPClientFor(c.restConfig(nil))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+"/version", nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("target %s is not answering /version: %w", c.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("target %s is not answering /version (status %d)", c.URL, resp.StatusCode)
	}
	return nil
}
