global using ModelSdk;
global using ModelSdk.Contracts;
global using ModelSdk.Contracts.Tests.Support;
global using ModelSdk.Onnx;
