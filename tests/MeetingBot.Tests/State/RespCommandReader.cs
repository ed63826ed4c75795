using System.Text;

namespace MeetingBot.Tests.State;

/// <summary>
/// Splits what a Redis client sends into commands (RESP arrays of bulk strings, or inline commands), however the bytes
/// arrive. Arguments longer than <see cref="LongestKeptArgument"/> bytes are skipped (kept empty): the gate reads only
/// command names and the arguments of <c>AUTH</c> and <c>HELLO</c>.
/// </summary>
public sealed class RespCommandReader
{
    public const int LongestKeptArgument = 16 * 1024;

    private byte[] pending = new byte[16 * 1024];
    private int length;

    /// <summary>Adds <paramref name="count"/> bytes and returns the commands they complete, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Add(byte[] data, int count)
    {
        if (length + count > pending.Length)
        {
            Array.Resize(ref pending, Math.Max(pending.Length * 2, length + count));
        }

        Array.Copy(data, 0, pending, length, count);
        length += count;

        var commands = new List<IReadOnlyList<string>>();
        var offset = 0;
        while (TryRead(pending.AsSpan(offset, length - offset), out var command, out var consumed))
        {
            commands.Add(command);
            offset += consumed;
        }

        Array.Copy(pending, offset, pending, 0, length - offset);
        length -= offset;
        return commands;
    }

    private static bool TryRead(ReadOnlySpan<byte> data, out IReadOnlyList<string> command, out int consumed)
    {
        command = [];
        consumed = 0;
        if (data.IsEmpty)
        {
            return false;
        }

        if (data[0] != (byte)'*')
        {
            var end = data.IndexOf("\r\n"u8);
            if (end < 0)
            {
                return false;
            }

            command = Encoding.UTF8.GetString(data[..end]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            consumed = end + 2;
            return true;
        }

        var position = 1;
        if (!TryReadNumber(data, ref position, out var count))
        {
            return false;
        }

        var arguments = new List<string>();
        for (var i = 0; i < count; i++)
        {
            if (position >= data.Length)
            {
                return false;
            }

            if (data[position] != (byte)'$')
            {
                throw new InvalidDataException($"Expected a bulk string in a command, found '{(char)data[position]}'");
            }

            position++;
            if (!TryReadNumber(data, ref position, out var size) || position + size + 2 > data.Length)
            {
                return false;
            }

            arguments.Add(size <= LongestKeptArgument ? Encoding.UTF8.GetString(data.Slice(position, (int)size)) : string.Empty);
            position += (int)size + 2;
        }

        command = arguments;
        consumed = position;
        return true;
    }

    /// <summary>Reads the number before the next CRLF, leaving <paramref name="position"/> after it.</summary>
    private static bool TryReadNumber(ReadOnlySpan<byte> data, ref int position, out long number)
    {
        number = 0;
        var end = data[position..].IndexOf("\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        number = long.Parse(data.Slice(position, end), provider: System.Globalization.CultureInfo.InvariantCulture);
        position += end + 2;
        return true;
    }
}
