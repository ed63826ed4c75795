namespace MeetingBot.State.Redis;

/// <summary>The Data Protection keys were never read from Redis yet: nothing can be encrypted or decrypted now.</summary>
public sealed class KeyRingUnavailableException : InvalidOperationException
{
    public KeyRingUnavailableException()
        : base("The Data Protection keys have not been read from Redis yet.")
    {
    }

    public KeyRingUnavailableException(string message)
        : base(message)
    {
    }

    public KeyRingUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
