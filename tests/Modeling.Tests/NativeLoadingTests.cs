using static TorchSharp.torch;

namespace Mlops.Modeling.Tests;

public class NativeLoadingTests
{
    [Fact]
    public void TorchSharp_loads_and_computes_from_the_build_output()
    {
        // On Debian 12 this only works because the build marked GLIBCXX_3.4.32 weak in the copy in bin/.
        using var sum = ones(2).sum();

        Assert.Equal(2f, sum.item<float>());
    }

    [Fact]
    public void Build_patches_one_flag_byte_in_the_output_copy_and_leaves_the_package_cache_alone()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packaged = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

        var original = File.ReadAllBytes(packaged);
        var patched = File.ReadAllBytes(output);

        Assert.Equal(original.Length, patched.Length);
        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        var index = Assert.Single(differing);
        Assert.Equal(0x2, patched[index] & ~original[index]); // VER_FLG_WEAK added, nothing else changed
    }
}
