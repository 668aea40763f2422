using ModelRuntime;
using ModelRuntime.Grpc;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.Predict;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;

// dotnet run passes its settings first (--key=value), then the user's arguments: "predict ..." or "check ..." picks the command.
var settings = args.TakeWhile(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=')).ToArray();
if (args.Skip(settings.Length).FirstOrDefault() == "predict")
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(settings).Build();
    return await PredictCommand.RunAsync(
        args[(settings.Length + 1)..],
        configuration,
        Console.Out,
        Console.Error,
        CancellationToken.None
    );
}
if (args.Skip(settings.Length).FirstOrDefault() == "check")
{
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(settings).Build();
    return await ModelRuntime.Check.CheckCommand.RunAsync(
        args[(settings.Length + 1)..],
        configuration,
        Console.Out,
        Console.Error,
        CancellationToken.None
    );
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o =>
{
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    o.UseUtcTimestamp = true;
});
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

// grpc-dotnet logs a client's stream reset as an Error (EventId 6, an IOException while it reads the message) when
// the reset is seen before the request's abort token fires. Every failure of our own methods is logged by
// GrpcErrorInterceptor, so that category only repeats what clients did; resets are counted by GrpcResetCounter.
builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical);
var options = new RuntimeOptions(builder.Configuration);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<RuntimeMetrics>();
builder.Services.AddSingleton<RequestMemoryBudget>();
builder.Services.AddSingleton<MemoryReclaimer>();
builder.Services.AddSingleton<ModelRepository>();
builder.Services.AddSingleton<InferenceRunner>();
builder.Services.AddRouting();
GrpcHosting.AddServices(builder.Services, options);
builder.Services.AddResponseCompression(ResponseCompressionSettings.Configure);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
    kestrel.AddServerHeader = false;
});
ListenAddresses.Configure(builder);

var app = builder.Build();

OrtLogging.Configure(app.Services.GetRequiredService<ILoggerFactory>());

// Load every model before taking traffic: a model that fails stays listed with its reason.
app.Services.GetRequiredService<ModelRepository>();
app.UseResponseCompression();
RestEndpoints.Map(app);
GrpcHosting.Map(app);
if (builder.Configuration["MODEL_RUN_BANNER"] == "true")
{
    app.Lifetime.ApplicationStarted.Register(() =>
        Console.Out.Write(RunBanner.Text(builder.Configuration, app.Services.GetRequiredService<ModelRepository>()))
    );
}
app.Run();
return 0;

/// <summary>The entry point; public so tests can host the app in process.</summary>
public partial class Program;
