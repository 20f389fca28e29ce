using System.Runtime.InteropServices;

namespace Mlops.Modeling;

/// <summary>
/// Caps oneDNN (libtorch's CPU convolution library) at AVX2 before its first convolution. On AVX-512 machines
/// libtorch 2.10's oneDNN convolution backward sometimes returned NaN for the input gradient from finite inputs
/// (autograd anomaly mode: "ConvolutionBackward0 returned nan values in its 0th output"): the same seed diverged
/// on about one run in five, with residual units or three conv blocks. Capped at AVX2 it did not happen.
/// An operator's own ONEDNN_MAX_CPU_ISA is left alone (e.g. ALL to measure the AVX-512 kernels).
/// </summary>
internal static partial class OneDnnIsa
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Cap = "AVX2";

    private static readonly Lazy<string?> Applied = new(Apply);

    /// <summary>The cap in force, or null where it could not be set (a platform without libc's setenv).</summary>
    public static string? EnsureCapped() => Applied.Value;

    private static string? Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Environment.GetEnvironmentVariable(Variable);
        }

        // Environment.SetEnvironmentVariable changes only .NET's copy; oneDNN reads the C environment with getenv.
        _ = SetEnvironment(Variable, Cap, overwrite: 0);
        return Marshal.PtrToStringUTF8(GetEnvironment(Variable));
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);
}
