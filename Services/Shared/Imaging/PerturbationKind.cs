namespace Mlops.Imaging;

/// <summary>The kinds of corruption the robustness check applies; see <see cref="Perturbation"/> for strengths.</summary>
public enum PerturbationKind
{
    /// <summary>Every pixel made brighter.</summary>
    Brightness,

    /// <summary>Pixels pulled towards the image's mean.</summary>
    Contrast,

    /// <summary>Independent Gaussian noise on every pixel.</summary>
    GaussianNoise,

    /// <summary>Gaussian blur.</summary>
    Blur,

    /// <summary>Rotation about the image centre.</summary>
    Rotation,

    /// <summary>A black rectangle over part of the image.</summary>
    Occlusion,
}
