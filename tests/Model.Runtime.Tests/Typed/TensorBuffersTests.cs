using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.Typed;

public sealed class TensorBuffersTests
{
    private static Tensor Image(byte[] data) => Tensor.FromBytes(OnnxElementType.UInt8, [data.Length], data);

    [Fact]
    public void A_returned_array_is_rented_again_by_its_exact_length_only()
    {
        const int length = 602_111; // odd, so no other test shares it
        var first = TensorBuffers.Rent(length);
        TensorBuffers.Return([Image(first)]);

        Assert.NotSame(first, TensorBuffers.Rent(length + 1));
        var again = TensorBuffers.Rent(length);
        Assert.Same(first, again);
        Assert.NotSame(first, TensorBuffers.Rent(length));
    }

    [Fact]
    public void Small_arrays_are_left_to_the_gc()
    {
        var small = TensorBuffers.Rent(1000);
        TensorBuffers.Return([Image(small)]);
        Assert.NotSame(small, TensorBuffers.Rent(1000));
    }

    [Fact]
    public void At_most_a_few_arrays_of_one_length_are_kept()
    {
        const int length = 700_001;
        var arrays = Enumerable.Range(0, 10).Select(_ => TensorBuffers.Rent(length)).ToArray();
        TensorBuffers.Return(arrays.Select(Image));
        var rented = Enumerable.Range(0, 10).Select(_ => TensorBuffers.Rent(length)).ToArray();
        Assert.Equal(4, rented.Count(r => arrays.Contains(r)));
    }
}
