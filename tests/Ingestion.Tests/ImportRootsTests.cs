using Mlops.Ingestion.Importing;

namespace Mlops.Ingestion.Tests;

public sealed class ImportRootsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("mlops-roots-").FullName;
    private readonly string outside = Directory.CreateTempSubdirectory("mlops-outside-").FullName;

    public ImportRootsTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "allowed"));
        File.WriteAllText(Path.Combine(root, "allowed", "data.idx"), "x");
        File.WriteAllText(Path.Combine(outside, "secret.idx"), "x");
    }

    private ImportRoots Roots => new([Path.Combine(root, "allowed")]);

    [Fact]
    public void Accepts_a_file_inside_a_root()
    {
        Assert.Equal(Path.Combine(root, "allowed", "data.idx"), Roots.Resolve(Path.Combine(root, "allowed", "data.idx"), "the file"));
    }

    [Fact]
    public void Refuses_a_dot_dot_escape()
    {
        File.WriteAllText(Path.Combine(root, "beside.idx"), "x");
        var error = Assert.Throws<DatasetImportException>(() => Roots.Resolve(Path.Combine(root, "allowed", "..", "beside.idx"), "the file"));
        Assert.Equal(ImportFailure.OutsideImportRoots, error.Failure);
        Assert.Contains("outside the folders imports may read", error.Message);
    }

    [Fact]
    public void Refuses_a_symbolic_link_that_leads_out_of_the_roots()
    {
        var link = Path.Combine(root, "allowed", "link");
        Directory.CreateSymbolicLink(link, outside);

        var error = Assert.Throws<DatasetImportException>(() => Roots.Resolve(Path.Combine(link, "secret.idx"), "the file"));
        Assert.Equal(ImportFailure.OutsideImportRoots, error.Failure);
        Assert.Contains(outside, error.Message);
    }

    [Fact]
    public void Follows_a_symbolic_link_that_stays_inside()
    {
        var link = Path.Combine(root, "allowed", "alias.idx");
        File.CreateSymbolicLink(link, Path.Combine(root, "allowed", "data.idx"));
        Assert.Equal(Path.Combine(root, "allowed", "data.idx"), Roots.Resolve(link, "the file"));
    }

    [Fact]
    public void Refuses_relative_paths_and_reports_missing_files_inside_a_root()
    {
        Assert.Equal(ImportFailure.InvalidInput, Assert.Throws<DatasetImportException>(() => Roots.Resolve("allowed/data.idx", "the file")).Failure);
        Assert.Equal(ImportFailure.NotFound, Assert.Throws<DatasetImportException>(() => Roots.Resolve(Path.Combine(root, "allowed", "none.idx"), "the file")).Failure);
        // A missing file outside the roots is refused, not reported missing: the answer must not reveal what exists there.
        Assert.Equal(ImportFailure.OutsideImportRoots, Assert.Throws<DatasetImportException>(() => Roots.Resolve(Path.Combine(outside, "none.idx"), "the file")).Failure);
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(outside, recursive: true);
    }
}
