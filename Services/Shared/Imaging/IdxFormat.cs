namespace Mlops.Imaging;

/// <summary>Constants of the IDX format (big-endian header, then raw unsigned bytes).</summary>
internal static class IdxFormat
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;
    public const int ImagesHeaderLength = 16;
    public const int LabelsHeaderLength = 8;

    public static string Describe(int magic) => magic switch
    {
        ImagesMagic => "an IDX image file",
        LabelsMagic => "an IDX label file",
        _ when (magic & 0xFFFF) == 0x8B1F || (magic >>> 16) == 0x1F8B => "a gzip stream",
        _ => "not an IDX file of unsigned bytes",
    };
}
