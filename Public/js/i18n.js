// Interface strings of the play page, one table per locale a shipped quiz declares.
// A locale missing here falls back to its language, then to English.
const strings = {
  en: {
    quiz: "Quiz", start: "Start the quiz", next: "Next", back: "Back", seeResult: "See my result",
    progress: "Question {n} of {total}", chooseAnswer: "Choose an answer to continue.",
    yourResult: "Your result", leadTitle: "Get tips for your type by email",
    email: "Email address", name: "Name (optional)", subscribe: "Send me tips",
    emailInvalid: "Please enter a valid email address.", consentMissing: "Please tick the box to agree to emails.",
    thanksTitle: "Thank you!", thanksText: "You're on the list. Check your inbox soon.", again: "Play again",
    failed: "Something went wrong. Please try again.", loading: "Loading…", languages: "Language",
  },
  fi: {
    quiz: "Testi", start: "Aloita testi", next: "Seuraava", back: "Takaisin", seeResult: "Näytä tulokseni",
    progress: "Kysymys {n}/{total}", chooseAnswer: "Valitse vastaus jatkaaksesi.",
    yourResult: "Tuloksesi", leadTitle: "Saat pelityyppisi vinkit sähköpostiisi",
    email: "Sähköpostiosoite", name: "Nimi (vapaaehtoinen)", subscribe: "Lähetä vinkit",
    emailInvalid: "Anna kelvollinen sähköpostiosoite.", consentMissing: "Rastita ruutu, jos haluat sähköpostia.",
    thanksTitle: "Kiitos!", thanksText: "Olet nyt listalla. Katso postilaatikkosi pian.", again: "Pelaa uudelleen",
    failed: "Jokin meni vikaan. Yritä uudelleen.", loading: "Ladataan…", languages: "Kieli",
  },
  pl: {
    quiz: "Quiz", start: "Rozpocznij quiz", next: "Dalej", back: "Wstecz", seeResult: "Pokaż mój wynik",
    progress: "Pytanie {n} z {total}", chooseAnswer: "Wybierz odpowiedź, aby przejść dalej.",
    yourResult: "Twój wynik", leadTitle: "Otrzymuj porady dla swojego typu e-mailem",
    email: "Adres e-mail", name: "Imię (opcjonalnie)", subscribe: "Wyślij mi porady",
    emailInvalid: "Podaj prawidłowy adres e-mail.", consentMissing: "Zaznacz pole, aby wyrazić zgodę na e-maile.",
    thanksTitle: "Dziękujemy!", thanksText: "Jesteś na liście. Zajrzyj wkrótce do skrzynki.", again: "Zagraj ponownie",
    failed: "Coś poszło nie tak. Spróbuj ponownie.", loading: "Ładowanie…", languages: "Język",
  },
  es: {
    quiz: "Test", start: "Empezar el test", next: "Siguiente", back: "Atrás", seeResult: "Ver mi resultado",
    progress: "Pregunta {n} de {total}", chooseAnswer: "Elige una respuesta para continuar.",
    yourResult: "Tu resultado", leadTitle: "Recibe consejos para tu tipo por correo",
    email: "Correo electrónico", name: "Nombre (opcional)", subscribe: "Envíenme consejos",
    emailInvalid: "Introduce un correo electrónico válido.", consentMissing: "Marca la casilla para aceptar los correos.",
    thanksTitle: "¡Gracias!", thanksText: "Ya estás en la lista. Revisa pronto tu bandeja de entrada.", again: "Jugar otra vez",
    failed: "Algo salió mal. Inténtalo de nuevo.", loading: "Cargando…", languages: "Idioma",
  },
  ru: {
    quiz: "Тест", start: "Начать тест", next: "Далее", back: "Назад", seeResult: "Показать результат",
    progress: "Вопрос {n} из {total}", chooseAnswer: "Выберите ответ, чтобы продолжить.",
    yourResult: "Ваш результат", leadTitle: "Получайте советы для вашего типа по почте",
    email: "Электронная почта", name: "Имя (необязательно)", subscribe: "Присылайте советы",
    emailInvalid: "Введите корректный адрес электронной почты.", consentMissing: "Отметьте флажок, чтобы согласиться на письма.",
    thanksTitle: "Спасибо!", thanksText: "Вы в списке. Скоро проверьте почту.", again: "Пройти ещё раз",
    failed: "Что-то пошло не так. Попробуйте ещё раз.", loading: "Загрузка…", languages: "Язык",
  },
};

const languageNames = { en: "English", fi: "Suomi", pl: "Polski", es: "Español", ru: "Русский" };

/** The interface strings for `locale`: exact tag, then its language, then English. */
export function stringsFor(locale) {
  const language = locale.toLowerCase().split("-")[0];
  return { ...strings.en, ...(strings[language] ?? {}), ...(strings[locale] ?? {}) };
}

/** The name of a language in that language, for the language switcher. */
export function languageName(locale) {
  return languageNames[locale] ?? languageNames[locale.split("-")[0]] ?? locale;
}

/** `template` with `{name}` placeholders filled from `values`. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => String(values[key] ?? match));
}
