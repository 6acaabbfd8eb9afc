import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.planning.integrity import check_thread
from goldenthread.planning.periods import Period, PeriodError


class Command(BaseCommand):
    help = "List the places where the golden thread is broken or tangled."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--year", help="the financial year for target checks, e.g. 2009/10")

    def handle(self, *args: object, **options: object) -> None:
        year = None
        if options["year"]:
            try:
                year = Period.parse(str(options["year"])).financial_year
            except PeriodError as error:
                raise CommandError(f"--year: {error}") from error
        result = check_thread(year)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), indent=2))
            return
        self.stdout.write(f"Golden thread check for {result.year}: {result.problems} problems")
        for finding in result.findings:
            self.stdout.write(f"\n{finding.title}: {finding.count}")
            for item in finding.items[:20]:
                where = f" ({item.where})" if item.where else ""
                self.stdout.write(f"  {item.code}  {item.title}{where}")
            if finding.count > 20:
                self.stdout.write(f"  … and {finding.count - 20} more (use --format json)")
