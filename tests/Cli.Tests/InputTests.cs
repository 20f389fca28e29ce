using Mlops.Cli.Connection;
using Mlops.Cli.Input;
using Mlops.Training.V1;

namespace Mlops.Cli.Tests;

public class InputTests
{
    [Fact]
    public void No_config_means_the_default_config()
    {
        var config = ConfigArguments.Parse(["epochs=1"], _ => false, _ => "");

        Assert.Equal("default", config.Name);
        Assert.Equal(["epochs=1"], config.Overrides);
    }

    [Fact]
    public void A_yaml_file_is_sent_whole_so_the_service_need_not_see_the_file()
    {
        var yaml = "epochs: 2\nbatch_size: 64\n";
        var config = ConfigArguments.Parse(["experiments/quick.yaml", "seed=1"], path => path == "experiments/quick.yaml", _ => yaml);

        Assert.Equal(ConfigSource.ConfigOneofCase.Yaml, config.ConfigCase);
        Assert.Equal(yaml, config.Yaml);
        Assert.Equal(["seed=1"], config.Overrides);
    }

    [Theory]
    [InlineData("default", "small")]
    [InlineData("=1")]
    public void Malformed_config_arguments_are_usage_errors(params string[] tokens) =>
        Assert.Throws<UsageException>(() => ConfigArguments.Parse(tokens, _ => false, _ => ""));

    [Fact]
    public void A_list_parameter_keeps_its_values_in_order()
    {
        var parameter = SweepParameters.Parse("optimizer.name=adam, sgd,adamw");

        Assert.Equal("optimizer.name", parameter.Key);
        Assert.Equal(["adam", "sgd", "adamw"], parameter.Values.Values);
    }

    [Fact]
    public void A_range_parameter_reads_bounds_and_flags()
    {
        var log = SweepParameters.Parse("optimizer.learning_rate=1e-4:0.01:log");
        Assert.Equal(SweepParameter.SpaceOneofCase.Range, log.SpaceCase);
        Assert.Equal(1e-4, log.Range.Min);
        Assert.Equal(0.01, log.Range.Max);
        Assert.True(log.Range.LogScale);
        Assert.False(log.Range.Integer);

        var whole = SweepParameters.Parse("batch_size=32:256:int");
        Assert.True(whole.Range.Integer);
        Assert.False(whole.Range.LogScale);
    }

    [Theory]
    [InlineData("learning_rate")]
    [InlineData("=1,2")]
    [InlineData("lr=")]
    [InlineData("lr=0.1:0.01")]
    [InlineData("lr=0:1:log")]
    [InlineData("lr=0.1:1:cubic")]
    [InlineData("name=adam,,sgd")]
    public void Malformed_sweep_parameters_are_usage_errors(string text) =>
        Assert.Throws<UsageException>(() => SweepParameters.Parse(text));

    [Fact]
    public void An_address_option_beats_the_environment_which_beats_the_default()
    {
        var environment = new Dictionary<string, string> { ["MLOPS_REGISTRY_URL"] = "http://registry.internal:9000", ["MLOPS_DRIFT_URL"] = "http://drift.internal:9001" };
        var given = new Dictionary<string, string?> { ["drift"] = "http://127.0.0.1:7000" };

        var addresses = ServiceAddresses.Resolve(given, name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri("http://127.0.0.1:7000"), addresses.Drift.Address);
        Assert.Equal(new Uri("http://registry.internal:9000"), addresses.Registry.Address);
        Assert.Equal(new Uri(ServiceAddresses.IngestionDefault), addresses.Ingestion.Address);
        Assert.Equal(new Uri(ServiceAddresses.DriftHttpDefault), addresses.DriftHttp);
        Assert.Equal("MLOPS_INGESTION_URL", addresses.Ingestion.EnvironmentVariable);
    }

    [Fact]
    public void A_bare_host_and_port_is_read_as_plaintext_http_as_grpcurl_takes_it()
    {
        var addresses = ServiceAddresses.Resolve(new Dictionary<string, string?> { ["training"] = "127.0.0.1:5202" }, _ => null);

        Assert.Equal(new Uri("http://127.0.0.1:5202"), addresses.Training.Address);
    }

    [Fact]
    public void A_non_http_address_is_a_usage_error_naming_the_option() =>
        Assert.Contains("--registry", Assert.Throws<UsageException>(() =>
            ServiceAddresses.Resolve(new Dictionary<string, string?> { ["registry"] = "ftp://example.org" }, _ => null)).Message);

    [Fact]
    public void Images_are_recognised_by_content_not_name()
    {
        Assert.True(ImageFiles.IsEncodedImage(TestImages.Png));
        Assert.True(ImageFiles.IsEncodedImage(TestImages.Jpeg));
        Assert.False(ImageFiles.IsEncodedImage("GIF89a"u8));
        Assert.False(ImageFiles.IsEncodedImage([]));
    }

    [Fact]
    public void A_class_folder_is_read_in_a_stable_order_and_skips_non_images()
    {
        using var folder = new TempFolder();
        folder.Write("trouser/b.png", TestImages.Png);
        folder.Write("trouser/a.PNG", TestImages.Png);
        folder.Write("coat/x.jpg", TestImages.Jpeg);
        folder.Write("coat/notes.txt", "not an image"u8.ToArray());

        var classes = ClassFolder.Read(folder.Path);

        Assert.Equal(["coat", "trouser"], classes.ClassNames);
        Assert.Equal(["coat/x.jpg", "trouser/a.PNG", "trouser/b.png"],
            classes.Images.Select(image => $"{image.ClassName}/{Path.GetFileName(image.Path)}"));
    }

    [Fact]
    public void A_folder_without_class_sub_folders_is_a_usage_error()
    {
        using var folder = new TempFolder();
        folder.Write("loose.png", TestImages.Png);

        Assert.Throws<UsageException>(() => ClassFolder.Read(folder.Path));
    }
}
