namespace MeetingBot.Conversation;

public enum FormStatus
{
    Open,
    Submitted,
    Cancelled,
}

/// <summary>
/// The forms the bot sent in a conversation and what became of each: Open → Submitted or Cancelled, nothing after.
/// A submit of a form that is no longer open is "already used". Only the most recent forms are remembered.
/// </summary>
public sealed class FormLedger
{
    /// <summary>Form id → status, oldest first (serialized into conversation state).</summary>
    public List<FormEntry> Entries { get; set; } = [];

    public string Open(int capacity)
    {
        var formId = Guid.NewGuid().ToString("N");
        Remember(formId, FormStatus.Open, capacity);
        return formId;
    }

    /// <summary>
    /// Closes the form for a submit. False when it was already closed. A form the bot does not remember (state was
    /// lost, or it scrolled out of the window) is accepted once: the bot cannot tell, and refusing would strand the user.
    /// </summary>
    public bool TryClose(string formId, FormStatus outcome, int capacity)
    {
        var entry = Entries.Find(e => e.FormId == formId);
        if (entry is null)
        {
            Remember(formId, outcome, capacity);
            return true;
        }

        if (entry.Status != FormStatus.Open)
        {
            return false;
        }

        entry.Status = outcome;
        return true;
    }

    /// <summary>"cancel" typed as a command: cancels every form still open.</summary>
    public int CancelOpenForms()
    {
        var open = Entries.Where(e => e.Status == FormStatus.Open).ToList();
        open.ForEach(e => e.Status = FormStatus.Cancelled);
        return open.Count;
    }

    public FormStatus? StatusOf(string formId) => Entries.Find(e => e.FormId == formId)?.Status;

    private void Remember(string formId, FormStatus status, int capacity)
    {
        Entries.Add(new FormEntry { FormId = formId, Status = status });
        if (Entries.Count > capacity)
        {
            Entries.RemoveRange(0, Entries.Count - capacity);
        }
    }
}

public sealed class FormEntry
{
    public required string FormId { get; set; }

    public FormStatus Status { get; set; }
}
