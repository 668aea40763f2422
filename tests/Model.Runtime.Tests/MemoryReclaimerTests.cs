using Microsoft.Extensions.Configuration;
using ModelRuntime.Memory;
using ModelRuntime.Serving;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>The request memory budget and the collection that gives a large request's memory back.</summary>
[Collection(SerialCollection.Name)]
public class MemoryReclaimerTests
{
    private static RuntimeOptions Options(long maxBytes, long? memoryBytes = null)
    {
        var settings = new Dictionary<string, string?> { ["MODEL_MAX_REQUEST_BYTES"] = maxBytes.ToString() };
        if (memoryBytes is not null)
            settings["MODEL_MAX_REQUEST_MEMORY_BYTES"] = memoryBytes.ToString();
        return new RuntimeOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    private static long FullBlockingIndex() => GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;

    private static async Task<bool> CollectedSince(long index)
    {
        for (var i = 0; i < 50; i++)
        {
            if (FullBlockingIndex() > index)
                return true;
            await Task.Delay(20);
        }
        return false;
    }

    [Fact]
    public void The_budget_defaults_to_four_times_the_body_limit_and_refuses_413_then_503()
    {
        var budget = new RequestMemoryBudget(Options(1000));
        Assert.Equal(4000, budget.Capacity);
        using var first = budget.Lease();
        using var second = budget.Lease();

        Assert.Equal(413, Assert.Throws<InferenceException>(() => first.Reserve(4001, "x")).StatusCode);
        first.Reserve(3000, "x");
        var busy = Assert.Throws<InferenceException>(() => second.Reserve(1001, "y"));
        Assert.Equal(503, busy.StatusCode);
        Assert.Equal(1, busy.RetryAfterSeconds);
        first.Dispose();
        second.Reserve(1001, "y");
        Assert.Equal(1001, budget.InUse);
    }

    [Fact]
    public async Task A_large_request_is_followed_by_a_full_collection_once_no_request_holds_memory()
    {
        var options = Options(8 << 20);
        var budget = new RequestMemoryBudget(options);
        var reclaimer = new MemoryReclaimer(budget, options);
        var lease = budget.Lease();
        lease.Reserve(1024, "a request still in flight");

        var before = FullBlockingIndex();
        reclaimer.RequestFinished(reclaimer.Threshold);
        Assert.False(await CollectedSince(before), "collected while a request still held memory");

        lease.Dispose();
        reclaimer.RequestFinished(0); // a small request finishing last starts the pending collection
        Assert.True(await CollectedSince(before), "no full collection after the large request");

        before = FullBlockingIndex();
        reclaimer.RequestFinished(reclaimer.Threshold - 1);
        Assert.False(await CollectedSince(before), "small requests must not trigger collections");
    }
}
