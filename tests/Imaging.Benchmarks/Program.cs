using Mlops.Imaging;
using Mlops.Imaging.Benchmarks;
using SkiaSharp;

string directory = args.Length > 0 ? args[0] : FashionMnist.SystemDirectory;
string imagesPath = Path.Combine(directory, FashionMnist.TrainImagesFile);
Console.WriteLine($"Imaging benchmarks, .NET {Environment.Version}, {Environment.ProcessorCount} cores, data {imagesPath}");
Console.WriteLine("| what | median wall per run | median CPU per run | CPU per item | allocated per item |");
Console.WriteLine("|---|---|---|---|---|");

var images = IdxReader.ReadImages(imagesPath);
int count = images.Count;
Measurement.Report($"IdxReader.ReadImages, {count} gzipped images", 5, count, () => IdxReader.ReadImages(imagesPath));

var plainPath = Path.Combine(Path.GetTempPath(), "imaging-bench-train-images-idx3-ubyte");
IdxWriter.WriteImages(plainPath, images);
Measurement.Report($"IdxReader.ReadImages, {count} plain images", 5, count, () => IdxReader.ReadImages(plainPath));
File.Delete(plainPath);

var features = new double[count * ImageFeatures.Count];
Measurement.Report($"ImageStatistics.ComputeAll, {count} images", 5, count, () => ImageStatistics.ComputeAll(images, features));

var floats = new float[images.Pixels.Length];
Measurement.Report($"PixelNormalizer.ToUnitRange, {count} images (Vector<T>)", 5, count, () => PixelNormalizer.ToUnitRange(images.Pixels, floats));
Measurement.Report($"scalar x/255f loop for comparison, {count} images", 5, count, () =>
{
    byte[] pixels = images.Pixels;
    for (int i = 0; i < pixels.Length; i++)
    {
        floats[i] = pixels[i] / 255f;
    }
});
Measurement.Report($"PixelNormalizer.EnsureUnitRange, {count} images", 5, count, () => PixelNormalizer.EnsureUnitRange(floats));

var destination = new byte[784];
byte[] smallPng = ImageEncoder.EncodePng(images.GetImage(0), 28, 28);
Measurement.Report("ImageDecoder.Decode, 28x28 grey PNG -> 1x28x28", 5, 2000, () =>
{
    for (int i = 0; i < 2000; i++)
    {
        ImageDecoder.Decode(smallPng, ImageShape.Default, destination);
    }
});
byte[] photo = Photo(640, 480);
Measurement.Report("ImageDecoder.Decode, 640x480 colour JPEG -> 1x28x28", 5, 50, () =>
{
    for (int i = 0; i < 50; i++)
    {
        ImageDecoder.Decode(photo, ImageShape.Default, destination);
    }
});

foreach (var kind in Enum.GetValues<PerturbationKind>())
{
    var perturbation = new Perturbation(kind, 0.7);
    Measurement.Report($"Perturbation {kind} 0.7, 10000 images", 5, 10000, () =>
    {
        for (int i = 0; i < 10000; i++)
        {
            perturbation.Apply(images.GetImage(i), destination, 28, 28, i);
        }
    });
}

static byte[] Photo(int width, int height)
{
    using var bitmap = new SKBitmap(width, height);
    using (var canvas = new SKCanvas(bitmap))
    {
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Navy, SKColors.Orange], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, paint);
    }

    using var image = SKImage.FromBitmap(bitmap);
    using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
    return data.ToArray();
}
