"""Read the emotion behind a chat message: `EmotionReader().read(text) -> Reading(mood, confidence, cues)`.

How it reads, in order:
1. Crisis first. Self-harm and suicidal intent (many phrasings, slang such as "kms",
   "unalive", "sewerslide", common typos, letters typed apart or run together, a plan or a
   goodbye, and a few other languages) make the reading "crisis" whatever else the
   message says. Hyperbole policy, chosen for safety: a first-person wish to die or to kill
   oneself is crisis even when it sounds like a joke ("I wanna die lol this homework",
   "kill me now"), because a kind support message costs little when it was a joke and a
   meme answering real distress costs a lot. Phrases that do not state such a wish stay
   ordinary moods ("I'm dead 😂", "dying laughing" are joy; "my phone is about to die" is
   nothing). Mentions of someone else's past suicide ("committed suicide") read as grief.
2. A linear model scores sad, frustrated, anxious, joy and neutral from the message's distinct
   words (negation scope marked), adjacent word pairs and each word's character 2-5-grams. It is
   a blend of two logistic regressions trained on every GoEmotions train row (two-mood rows teach
   both moods, rows of other emotions form a class that is not shipped). Each row's target is half
   its gold label, half the reading of a fine-tuned MiniLM transformer (tools/emotion_teacher.py, run
   once at build time, never by the bot): the table learns some of what the transformer knows.
   A scale for the logits against the chat cues and one bias per mood are tuned out-of-fold on train
   for macro-F1 under a neutral-flag budget; tools/build_emotion_model.py rebuilds model.json.gz.
   Character n-grams live inside one word, so the build folds them into
   every known word's entry: a known word costs one dict lookup, and only a word the table lacks
   (a typo, a rare form) is split into n-grams at run time, memoised.
3. Chat cues the Reddit data lacks push those scores and are reported: crying emoji and
   emoticons, Korean crying and laughing marks, loss and mourning (→ grief), tears of joy
   and crying-laughing (→ joy), crying over something that went right ("my code finally
   compiled 😭" → relief, joy), crying over something trivial (→ playful frustration), crying
   the words give no reason for (→ the likeliest mood, never neutral),
   negated feelings ("not sad" → not sad), and the admins' extra words from memes.yaml. Eight more
   languages each have a file in languages/: their crying and laughing signs and crisis phrases are
   read in every message, their other cues only where a message may be in one of them.
4. Capitals, "!!" and stretched letters, read from the raw text, raise the confidence.

read() is pure, never raises, and bounds its work on long input: the model reads the head
and tail of the message, the crisis and cue patterns (linear-time) read all of it.

That is stage 1, run on every message. Where the mood decides what is posted (a triggered `mood: auto`,
/cry without a mood, `crybot try`, `crybot classify`), two_stage.SecondStage joins it with stage 2: a
fine-tuned MiniLM in ONNX int8 (mood_model.py, minilm/MODEL_CARD.md), run off the event loop
(model_runner.py). Crisis stays stage 1's alone; stage_gate.trust_model keeps other scripts on stage 1;
crying with nothing else to read is sorrow (crying_alone.py).
"""

from __future__ import annotations

from bot.emotion.reader import EmotionReader
from bot.emotion.reading import Reading

__all__ = ["EmotionReader", "Reading"]
