namespace Mlops.Imaging.Tests;

public class IdxCorruptionTests
{
    private static InvalidImageDataException ReadImagesFails(byte[] bytes) =>
        Assert.Throws<InvalidImageDataException>(() => IdxReader.ReadImages(new MemoryStream(bytes)));

    [Fact]
    public void A_label_file_read_as_images_is_refused_naming_both_magics()
    {
        var e = ReadImagesFails(IdxFiles.Labels([1, 2, 3]));

        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("label file", e.Message);
    }

    [Fact]
    public void An_image_file_read_as_labels_is_refused()
    {
        var e = Assert.Throws<InvalidImageDataException>(
            () => IdxReader.ReadLabels(new MemoryStream(IdxFiles.Images(IdxFiles.RandomImages(1, 2, 2, 7)))));

        Assert.Contains("0x00000803", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fewer_pixels_than_the_header_states_is_refused_with_both_numbers(bool gzip)
    {
        byte[] plain = IdxFiles.ImagesWithBody(count: 5, height: 28, width: 28, pixelBytes: 3 * 784);

        var e = ReadImagesFails(gzip ? IdxFiles.Gzip(plain) : plain);

        Assert.Contains("says 5 images of 28x28 but holds 2352 bytes of pixels, not 3920", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_stated_pixels_are_refused(bool gzip)
    {
        byte[] plain = IdxFiles.ImagesWithBody(count: 2, height: 28, width: 28, pixelBytes: (2 * 784) + 10);

        var e = ReadImagesFails(gzip ? IdxFiles.Gzip(plain) : plain);

        Assert.Contains("says 2 images of 28x28", e.Message);
        Assert.Contains("10 more bytes follow", e.Message);
    }

    [Fact]
    public void Labels_count_mismatch_is_refused()
    {
        byte[] file = IdxFiles.Labels([1, 2, 3, 4]);

        var e = Assert.Throws<InvalidImageDataException>(() => IdxReader.ReadLabels(new MemoryStream(file[..^1])));

        Assert.Contains("says 4 labels but holds 3 bytes", e.Message);
    }

    [Fact]
    public void Truncated_gzip_is_reported_as_a_probably_truncated_file()
    {
        byte[] gzipped = IdxFiles.Images(IdxFiles.RandomImages(50, 28, 28, seed: 8), gzip: true);

        var e = ReadImagesFails(gzipped[..(gzipped.Length / 2)]);

        Assert.Contains("says 50 images of 28x28 but holds", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_a_domain_error_not_a_raw_InvalidDataException()
    {
        byte[] gzipped = IdxFiles.Images(IdxFiles.RandomImages(50, 28, 28, seed: 9), gzip: true);
        for (int i = 10; i < 40; i++)
        {
            gzipped[i] ^= 0x5A;
        }

        var e = ReadImagesFails(gzipped);

        Assert.Contains("gzip data is corrupt", e.Message);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    public void A_file_that_ends_inside_its_header_is_refused(int length)
    {
        byte[] file = IdxFiles.Images(IdxFiles.RandomImages(1, 2, 2, seed: 10))[..length];

        var e = ReadImagesFails(file);

        Assert.Contains($"ends after {length} bytes, inside its 16-byte header", e.Message);
    }

    [Theory]
    [InlineData(-1, 28, 28, "cannot be negative")]
    [InlineData(1, 0, 28, "must be at least 1")]
    [InlineData(1, 28, -5, "must be at least 1")]
    [InlineData(100000, 10000, 10000, "more than one dataset file can hold")]
    public void Impossible_dimensions_are_refused_before_reading_pixels(int count, int height, int width, string expected)
    {
        var e = ReadImagesFails(IdxFiles.ImagesWithBody(count, height, width, pixelBytes: 0));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Errors_from_a_file_name_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.idx");
        File.WriteAllBytes(path, IdxFiles.ImagesWithBody(3, 28, 28, pixelBytes: 100));
        try
        {
            var e = Assert.Throws<InvalidImageDataException>(() => IdxReader.ReadImages(path));

            Assert.StartsWith(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
