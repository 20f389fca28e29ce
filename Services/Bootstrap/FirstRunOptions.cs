namespace Mlops.Bootstrap;

public sealed class FirstRunOptions
{
    public const string Section = "Bootstrap";

    public string ModelName { get; set; } = "fashion";
    public string DatasetName { get; set; } = "fashion-mnist";
    public string Config { get; set; } = "quick";
    public string Alias { get; set; } = "production";

    /// <summary>Config overrides for the first training job, e.g. <c>epochs=1</c> (Bootstrap__Overrides__0).</summary>
    public List<string> Overrides { get; set; } = [];

    /// <summary>Fashion-MNIST from Debian's dataset-fashion-mnist package, used when installed.</summary>
    public string SystemDatasetFolder { get; set; } = Imaging.FashionMnist.SystemDirectory;

    /// <summary>The small sample shipped in the repository, used otherwise.</summary>
    public string SampleFolder { get; set; } = "";
}
