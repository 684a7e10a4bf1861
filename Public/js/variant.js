// Which variant of the quiz this play shows. The server picks one by weight for each page load (`data-variant` on the
// body); the page keeps it for the tab, in the history entry and in session storage (no cookie), so that a reload or a
// language switch shows the same one. `?variant=` in the URL forces a variant for a preview, which is not counted.

const storageKey = (quizID) => `quizfunnel.variant.${quizID}`;

function kept(quizID) {
  try {
    return history.state?.quizfunnelVariant ?? sessionStorage.getItem(storageKey(quizID));
  } catch {
    return history.state?.quizfunnelVariant ?? null; // storage refused (a sandboxed frame)
  }
}

function keep(quizID, id) {
  try {
    history.replaceState({ ...(history.state ?? {}), quizfunnelVariant: id }, "");
    sessionStorage.setItem(storageKey(quizID), id);
  } catch {
    // the history entry may still hold it
  }
}

async function fetchQuiz(quizID, locale, variant) {
  const query = `lang=${encodeURIComponent(locale)}${variant ? `&variant=${encodeURIComponent(variant)}` : ""}`;
  const response = await fetch(`/api/quizzes/${quizID}?${query}`);
  return response.ok ? response.json() : null;
}

/** The quiz as this play's variant shows it, and the variant: `{ id, counted }`, or null for a quiz without variants. */
export async function chooseVariant(quizID, locale) {
  const assigned = document.body.dataset.variant || null;
  if (!assigned) return { quiz: await fetchQuiz(quizID, locale, null).then(required), variant: null };
  const isPreview = new URLSearchParams(window.location.search).get("variant") === assigned;
  const earlier = isPreview ? null : kept(quizID);
  let id = earlier && earlier !== assigned ? earlier : assigned;
  // A kept variant the marketer has since removed gives way to the one the server picked.
  let quiz = await fetchQuiz(quizID, locale, id).catch(() => null);
  if (!quiz && id !== assigned) {
    id = assigned;
    quiz = await fetchQuiz(quizID, locale, id);
  }
  required(quiz);
  if (id !== assigned) showTexts(quiz, id);
  if (!isPreview) keep(quizID, id);
  return { quiz, variant: { id, counted: !isPreview } };
}

/** The intro as the kept variant words it (the page came with the server's pick). */
function showTexts(quiz, id) {
  document.body.dataset.variant = id;
  document.getElementById("quiz-title").textContent = quiz.title;
  document.getElementById("quiz-description").textContent = quiz.description ?? "";
  document.title = quiz.title;
}

function required(quiz) {
  if (!quiz) throw new Error("quiz not loaded");
  return quiz;
}
