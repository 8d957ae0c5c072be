package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/oauth2"
)

// UserInfo is what the id token says about the signed-in user. It is NOT
// verified: the token's signature is not checked, so these claims are fit
// for display, not for deciding who may do what.
type UserInfo struct {
	UserID string         // the "sub" claim
	Name   string         // with the profile scope
	Email  string         // with the email scope
	Claims map[string]any // every claim; numbers are json.Number
}

// UserInfoFromToken reads the unverified claims of tok's "id_token" extra.
func UserInfoFromToken(tok *oauth2.Token) (UserInfo, error) {
	if tok == nil {
		return UserInfo{}, errors.New("auth: UserInfoFromToken was given a nil token")
	}
	idToken, _ := tok.Extra("id_token").(string)
	if idToken == "" {
		return UserInfo{}, errors.New("auth: the token carries no id token (sign in with the openid scope)")
	}
	return parseIDToken(idToken)
}

// parseIDToken decodes the payload of a JWT without checking its signature.
func parseIDToken(jwt string) (UserInfo, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return UserInfo{}, fmt.Errorf("auth: the id token is not a JWT (it has %d dot-separated parts, not 3)", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return UserInfo{}, fmt.Errorf("auth: the id token's payload is not base64url: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var claims map[string]any
	if err := dec.Decode(&claims); err != nil || claims == nil {
		return UserInfo{}, errors.New("auth: the id token's payload is not a JSON object")
	}
	info := UserInfo{Claims: claims}
	info.UserID, _ = claims["sub"].(string)
	info.Name, _ = claims["name"].(string)
	info.Email, _ = claims["email"].(string)
	if info.UserID == "" {
		return UserInfo{}, errors.New("auth: the id token has no sub claim")
	}
	return info, nil
}
