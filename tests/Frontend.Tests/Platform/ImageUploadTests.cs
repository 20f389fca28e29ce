using Mlops.Frontend.Platform;

namespace Mlops.Frontend.Tests.Platform;

public sealed class ImageUploadTests
{
    [Fact]
    public void Png_and_jpeg_signatures_pass_and_anything_else_is_named_as_not_an_image()
    {
        Assert.Null(ImageUpload.ContentProblem("a.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
        Assert.Null(ImageUpload.ContentProblem("a.jpg", [0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Equal("notes.png is not a PNG or JPEG image.", ImageUpload.ContentProblem("notes.png", "hello"u8));
    }

    [Fact]
    public void A_file_over_the_limit_or_empty_is_refused_with_its_size()
    {
        Assert.Null(ImageUpload.SizeProblem("ok.png", 1000));
        Assert.Equal("huge.png is 30.0 MB; images up to 8.0 MB are accepted.", ImageUpload.SizeProblem("huge.png", 30L * 1024 * 1024));
        Assert.Equal("none.png is empty.", ImageUpload.SizeProblem("none.png", 0));
    }
}
