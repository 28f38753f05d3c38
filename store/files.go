package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// MaxFileSize caps a file behind a download link: reports and QR codes are far
// smaller, and Redis keeps the whole file in memory until the link expires.
const MaxFileSize = 20 << 20

// ErrFileGone is returned by GetFile for an unknown or expired token. It wraps
// fs.ErrNotExist so an HTTP handler can test it without importing store.
var ErrFileGone = fmt.Errorf("download link unknown or expired: %w", fs.ErrNotExist)

// tokenBytes is 128 bits: unguessable, and 22 characters in base64url.
const tokenBytes = 16

// PutFile keeps a file for ttl and returns the unguessable token of its
// download link. Platforms that cannot send files (Zalo) send the link instead.
func (s *Store) PutFile(ctx context.Context, name, mime string, data []byte, ttl time.Duration) (string, error) {
	switch {
	case len(data) == 0:
		return "", errors.New("put file: empty file")
	case len(data) > MaxFileSize:
		return "", fmt.Errorf("put file: %d bytes, at most %d", len(data), MaxFileSize)
	case ttl <= 0:
		return "", fmt.Errorf("put file: lifetime %s must be positive", ttl)
	}
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("put file: token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	key := s.keyDownload(token)
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, key, "name", name, "mime", mime, "data", data)
	pipe.Expire(ctx, key, ttl)
	if _, err := pipe.Exec(ctx); err != nil {
		return "", fmt.Errorf("put file: %w", err)
	}
	return token, nil
}

// GetFile returns the file behind a download token. An unknown, expired or
// malformed token gives an error wrapping ErrFileGone (and fs.ErrNotExist).
func (s *Store) GetFile(ctx context.Context, token string) (name, mime string, data []byte, err error) {
	if !validToken(token) {
		return "", "", nil, ErrFileGone
	}
	vals, err := s.rdb.HGetAll(ctx, s.keyDownload(token)).Result()
	if err != nil {
		return "", "", nil, fmt.Errorf("get file: %w", err)
	}
	body, ok := vals["data"]
	if !ok {
		return "", "", nil, ErrFileGone
	}
	return vals["name"], vals["mime"], []byte(body), nil
}

// validToken accepts exactly what PutFile makes, so arbitrary input never
// reaches a key name.
func validToken(token string) bool {
	if len(token) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	for _, c := range token {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
