"""Pictures of `url:` memes, fetched only from addresses the policy allows (see bot.addresses)."""
