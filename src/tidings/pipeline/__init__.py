"""The pipeline: one article's text through every stage into a CodedArticle.

- `coder`: `code`, `code_many` and `code_doc`, the order of the stages and what each hands the next;
- `checks`: the input checks (text that can be coded, a publication date, an id);
- `nlp`: the spaCy pipeline (loaded once per process and model);
- `attributes`: the model's attribute ruler and lemmatizer, compiled and cached (same annotations, faster);
- `candidates`: which sentences to parse (an actor and a trigger cue, or the learned reader's);
- `budget`: a CPU-time budget per article.

Many articles at once, and the store, are `tidings.batch`'s; reading files is `tidings.io`'s. The
coder as a spaCy component is `tidings.component`, where the `spacy_factories` entry point names it.
"""
