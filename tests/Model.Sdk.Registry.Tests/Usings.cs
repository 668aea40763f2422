global using ModelSdk.Testing;
