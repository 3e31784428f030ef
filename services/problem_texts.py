"""What a refusal says to a person: one table of texts per problem type, Russian by default.

The machine-readable parts of a problem (`type`, `status`, `field`, `errors[].field`) never
change with the language. `title` and `detail` are Russian unless the caller's
`Accept-Language` prefers English (RFC 9110 §12.5.4, q-values honoured; Babel matches the tags).
The detail is the specific message of the rule that refused: its English text, or its Russian
one from the catalogue of the domain's rule messages (services/rule_messages.py). A refusal with
no Russian rule text (a message raised outside domain/) gets the type's Russian sentence, naming
the field at fault when there is one.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

#: The languages answers are given in; the first is the default.
LANGUAGES = ("ru", "en")


#: Problem type -> (Russian title, Russian detail, English title); the Russian detail may name
#: `{field}`. Every code services/problems.py answers with has a row.
TEXTS: dict[str, tuple[str, str, str]] = {
    "malformed-json": ("Тело запроса не является JSON",
                       "Тело запроса не удалось прочитать как JSON в кодировке UTF-8.",
                       "The body is not valid JSON"),
    "json-too-deep": ("Слишком глубокая вложенность JSON",
                      "Массивы и объекты вложены глубже 32 уровней.",
                      "The body is nested too deeply"),
    "unsupported-media-type": ("Неподдерживаемый тип содержимого",
                               "Тело запроса нужно отправлять как application/json в UTF-8.",
                               "Unsupported media type"),
    "duplicate-key": ("Повторяющийся ключ в JSON",
                      "Объект тела запроса называет поле «{field}» дважды.",
                      "A member is named twice"),
    "unauthenticated": ("Требуется вход",
                        "Токен доступа отсутствует, недействителен или истёк.",
                        "Authentication required"),
    "invalid-claims": ("Недопустимые данные токена",
                       "Поле токена «{field}» не соответствует реестру территорий и школ.",
                       "Authentication required"),
    "forbidden": ("Нет доступа",
                  "Действие выходит за пределы вашей роли или территории.",
                  "Outside your scope"),
    "school-not-registered": ("Школа не зарегистрирована",
                              "Школа из вашего токена ещё не зарегистрирована в муниципалитете.",
                              "Outside your scope"),
    "not-your-turn": ("Сейчас не ваша очередь",
                      "Этот шаг согласования выполняет текущий согласующий.",
                      "Not your turn"),
    "invalid-value": ("Недопустимое значение",
                      "Значение поля «{field}» не допускается правилами.",
                      "Invalid value"),
    "deadline-rule": ("Не соблюдён срок",
                      "Не соблюдён срок, установленный документами программы (поле «{field}»).",
                      "Deadline rule not met"),
    "invalid-transition": ("Действие недоступно",
                           "Команда не применима в текущем состоянии.",
                           "The command does not apply now"),
    "already-exists": ("Уже существует",
                       "Такой объект уже существует в этой территории.",
                       "Already exists"),
    "version-conflict": ("Конфликт версий",
                         "Данные изменились с момента, когда вы их видели; обновите и повторите.",
                         "Version conflict"),
    "idempotency-key-reused": ("Ключ идемпотентности уже использован",
                               "Этот Idempotency-Key уже использован для другой команды.",
                               "Idempotency key reused"),
    "not-found": ("Не найдено",
                  "Запрошенный ресурс не найден.",
                  "Not found"),
    "view-not-caught-up": ("Данные ещё обновляются",
                           "Представление ещё не дошло до запрошенной позиции журнала; повторите позже.",
                           "The view has not caught up"),
    "domain-rule": ("Отказ по правилу программы",
                    "Команда противоречит правилу программы.",
                    "Refused by a rule"),
    "unknown-tenant": ("Неизвестная территория",
                       "Территория из адреса запроса не зарегистрирована.",
                       "Unknown tenant"),
    "malformed-request": ("Запрос составлен неверно",
                          "Тело запроса не удалось прочитать.",
                          "The request body is malformed"),
    "invalid-request": ("Запрос не прошёл проверку",
                        "Поле «{field}» отсутствует или имеет недопустимое значение.",
                        "The request is not valid"),
    "method-not-allowed": ("Метод не поддерживается",
                           "Этот адрес не принимает запросы таким методом.",
                           "Method not allowed"),
    "body-too-large": ("Тело запроса слишком велико",
                       "Тело запроса превышает допустимый размер.",
                       "Request body too large"),
    "too-many-requests": ("Слишком много запросов",
                          "Слишком много запросов; повторите позже.",
                          "Too many requests"),
    "bad-request": ("Некорректный запрос",
                    "Запрос не удалось обработать.",
                    "Bad request"),
    "store-unavailable": ("Хранилище недоступно",
                          "Хранилище событий недоступно; ничего не записано, повторите позже.",
                          "The event store is unavailable"),
    "internal-error": ("Внутренняя ошибка",
                       "Запрос не выполнен по нашей вине; ошибка записана в журнал.",
                       "Internal error"),
}

#: A Russian detail for a type without a field to name.
_NO_FIELD = {
    "duplicate-key": "Объект тела запроса называет поле дважды.",
    "invalid-claims": "Данные токена не соответствуют реестру территорий и школ.",
    "invalid-value": "Значение не допускается правилами.",
    "deadline-rule": "Не соблюдён срок, установленный документами программы.",
    "invalid-request": "Запрос не прошёл проверку.",
}


def language(header: str | None) -> str:
    """The language of the answer from an `Accept-Language` value: the best-weighted tag we speak.

    Tags with `q=0` are refused; `*` means any (the default); ties keep the header's order.
    """
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, tag))
    for _, _, tag in sorted(weighted):
        if tag == "*":
            return LANGUAGES[0]
        try:
            match = Locale.negotiate([tag], list(LANGUAGES), sep="-")
        except (ValueError, UnknownLocaleError):
            continue
        if match is not None:
            return match.language
    return LANGUAGES[0]


def texts(code: str, lang: str, detail: str, field: str | None,
          russian: str | None = None) -> tuple[str, str]:
    """(title, detail) of a problem in the language: the rule's own message, in Russian when the
    catalogue has it (`russian`, services/rule_messages.py), else the type's Russian sentence."""
    ru_title, ru_detail, en_title = TEXTS.get(code, TEXTS["bad-request"])
    if lang == "en":
        return en_title, detail
    if russian:
        return ru_title, russian
    if "{field}" in ru_detail:
        ru_detail = ru_detail.format(field=field) if field else _NO_FIELD[code]
    elif field:
        ru_detail = f"{ru_detail} Поле: «{field}»."
    return ru_title, ru_detail


#: One problem type per status, shown as the example of that status in the OpenAPI document.
EXAMPLE_OF_STATUS = {400: "malformed-json", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
                     405: "method-not-allowed", 409: "invalid-transition", 413: "body-too-large",
                     415: "unsupported-media-type", 422: "invalid-request", 429: "too-many-requests",
                     500: "internal-error", 503: "store-unavailable"}


def problem_examples(failed: bool) -> dict[str, dict]:
    """Status -> an example body (in Russian, as served by default): the 4xx ones or the 5xx ones."""
    examples = {}
    for status, code in EXAMPLE_OF_STATUS.items():
        if (status >= 500) != failed:
            continue
        field = "school" if code == "invalid-request" else None
        title, detail = texts(code, "ru", "", field)
        body = {"type": f"/problems/{code}", "title": title, "status": status, "detail": detail,
                "instance": "/api/v1/tenants/ru-16-kaybitsy/commands"}
        examples[str(status)] = {**body, "field": field} if field else body
    return examples
