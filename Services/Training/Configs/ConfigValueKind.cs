namespace Mlops.Training.Configs;

public enum ConfigValueKind
{
    Integer,
    Number,
    Boolean,
    Text,
    IntegerList,
    Choice,
}
