"""Importing the catalogue registers every command handler (one import per line)."""

import services.commands.catalogue.appointment  # noqa: F401
import services.commands.catalogue.approval  # noqa: F401
import services.commands.catalogue.community  # noqa: F401
import services.commands.catalogue.contest  # noqa: F401
import services.commands.catalogue.duty  # noqa: F401
import services.commands.catalogue.internship  # noqa: F401
import services.commands.catalogue.network  # noqa: F401
import services.commands.catalogue.organisation  # noqa: F401
import services.commands.catalogue.partnership  # noqa: F401
import services.commands.catalogue.programme  # noqa: F401
import services.commands.catalogue.reminders  # noqa: F401
import services.commands.catalogue.report  # noqa: F401
import services.commands.catalogue.results  # noqa: F401
import services.commands.catalogue.risk  # noqa: F401
import services.commands.catalogue.roadmap  # noqa: F401
import services.commands.catalogue.rules  # noqa: F401
import services.commands.catalogue.school  # noqa: F401
import services.commands.catalogue.school_import  # noqa: F401
import services.commands.catalogue.visit  # noqa: F401
