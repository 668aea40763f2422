using System.Runtime.InteropServices;

namespace ModelRuntime.OnnxRuntime;

/// <summary>Owns one ONNX Runtime object and releases it exactly once with its matching Release function.</summary>
internal sealed class OrtHandle : SafeHandle
{
    private readonly Action<IntPtr> _release;

    public OrtHandle(IntPtr handle, Action<IntPtr> release)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}
