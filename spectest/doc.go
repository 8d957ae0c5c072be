// Package spectest checks the project's OpenAPI descriptions against the
// generated clients: every example decodes into the generated types and
// re-encodes unchanged. It is a module of its own so that its OpenAPI
// validator never becomes a dependency of the SDK's users.
package spectest
