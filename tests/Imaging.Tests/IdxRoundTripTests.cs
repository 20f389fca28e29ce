namespace Mlops.Imaging.Tests;

public class IdxRoundTripTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_written_then_read_are_identical(bool gzip)
    {
        var original = IdxFiles.RandomImages(count: 37, height: 28, width: 28, seed: 1);

        var read = IdxReader.ReadImages(new MemoryStream(IdxFiles.Images(original, gzip)));

        Assert.Equal((37, 28, 28), (read.Count, read.Height, read.Width));
        Assert.Equal(original.Pixels, read.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Labels_written_then_read_are_identical(bool gzip)
    {
        byte[] labels = TestImages.Random(101, seed: 2);

        Assert.Equal(labels, IdxReader.ReadLabels(new MemoryStream(IdxFiles.Labels(labels, gzip))));
    }

    [Fact]
    public void Gzip_is_recognised_by_its_magic_and_written_with_it()
    {
        byte[] gzipped = IdxFiles.Images(IdxFiles.RandomImages(2, 3, 4, seed: 3), gzip: true);
        byte[] plain = IdxFiles.Images(IdxFiles.RandomImages(2, 3, 4, seed: 3));

        Assert.Equal(new byte[] { 0x1F, 0x8B }, gzipped[..2]);
        Assert.Equal(new byte[] { 0, 0, 8, 3 }, plain[..4]);
        Assert.Equal(16 + 24, plain.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_only_streams_that_return_few_bytes_per_read_are_read_whole(bool gzip)
    {
        var original = IdxFiles.RandomImages(5, 10, 7, seed: 4);

        var read = IdxReader.ReadImages(new NonSeekableStream(IdxFiles.Images(original, gzip)));

        Assert.Equal(original.Pixels, read.Pixels);
    }

    [Fact]
    public void A_file_with_no_images_is_valid()
    {
        var empty = new IdxImages(0, 28, 28, []);

        var read = IdxReader.ReadImages(new MemoryStream(IdxFiles.Images(empty)));

        Assert.Equal(0, read.Count);
        Assert.Equal(28, read.Height);
    }

    [Fact]
    public void Files_are_gzipped_by_extension_and_left_no_temporary_file()
    {
        string directory = Directory.CreateTempSubdirectory("idx").FullName;
        try
        {
            var images = IdxFiles.RandomImages(3, 28, 28, seed: 5);
            byte[] labels = [0, 9, 4];
            string imagesPath = Path.Combine(directory, "images-idx3-ubyte.gz");
            string labelsPath = Path.Combine(directory, "labels-idx1-ubyte");

            IdxWriter.WriteImages(imagesPath, images);
            IdxWriter.WriteLabels(labelsPath, labels);

            Assert.Equal(0x1F, File.ReadAllBytes(imagesPath)[0]);
            Assert.Equal(0x00, File.ReadAllBytes(labelsPath)[0]);
            Assert.Equal(images.Pixels, IdxReader.ReadImages(imagesPath).Pixels);
            Assert.Equal(labels, IdxReader.ReadLabels(labelsPath));
            Assert.Equal(2, Directory.GetFiles(directory).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Image_views_are_the_right_slice_of_the_pixels()
    {
        var images = IdxFiles.RandomImages(4, 2, 3, seed: 6);

        Assert.Equal(images.Pixels[12..18], images.GetImage(2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => images.GetImage(4).ToArray());
        Assert.Throws<ArgumentException>(() => new IdxImages(4, 2, 3, new byte[23]));
    }
}
