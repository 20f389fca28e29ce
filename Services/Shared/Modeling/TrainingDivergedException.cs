namespace Mlops.Modeling;

/// <summary>The loss stopped being a finite number: training cannot recover and its weights are useless.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int step, double loss, double learningRate)
        : base($"Training diverged: the loss became {loss} at epoch {epoch}, step {step} " +
               $"(learning rate {learningRate}). Lower the learning rate or check the input data.")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
        LearningRate = learningRate;
    }

    public int Epoch { get; }

    public int Step { get; }

    public double Loss { get; }

    public double LearningRate { get; }
}
