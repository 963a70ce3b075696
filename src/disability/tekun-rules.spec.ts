import {
  checkTekunSupport,
  noLabourRulesOf,
  TekunFacts,
  tekunCriteria,
  tekunVerdict,
} from "./tekun-rules";

const SEEDED = ["≥60", "<16", "智力/精神 1–2", "肢体 1"];
const facts = (f: Partial<TekunFacts> = {}): TekunFacts => ({
  age: 40,
  disabilities: [],
  atSchool: false,
  onTekunRoster: false,
  incomePerHead: "0.00",
  ableSupporters: 0,
  ...f,
});
const statuses = (
  f: Partial<TekunFacts>,
  incomeMax: string | null = "500.00",
  list: unknown = SEEDED,
) =>
  Object.fromEntries(
    tekunCriteria(facts(f), noLabourRulesOf(list), incomeMax).map((c) => [
      c.criterion,
      c.status,
    ]),
  );

describe("特困 eligibility rules (RULES.md §7)", () => {
  it("reads the no-labour list as seeded; an item it cannot read makes the list unreadable", () => {
    expect(noLabourRulesOf(SEEDED)).toEqual({
      ageFrom: 60,
      ageUnder: 16,
      disabilities: [
        { categories: ["INTELLECTUAL", "MENTAL"], minGrade: 1, maxGrade: 2 },
        { categories: ["PHYSICAL"], minGrade: 1, maxGrade: 1 },
      ],
    });
    expect(noLabourRulesOf(["≥60", "失能"])).toBeNull();
    expect(noLabourRulesOf(["火星 1"])).toBeNull();
    expect(noLabourRulesOf(null)).toBeNull();
  });

  it("no labour by age (the bounds as listed), by a covered disability from either source, or kept past 16 at school while on the roster", () => {
    expect([60, 59, 15, 16].map((age) => statuses({ age }).NO_LABOUR)).toEqual([
      "MET",
      "NOT_MET",
      "MET",
      "NOT_MET",
    ]);
    expect(
      statuses({
        disabilities: [{ category: "MENTAL", grade: 2, source: "CERTIFICATE" }],
      }).NO_LABOUR,
    ).toBe("MET");
    expect(
      statuses({
        disabilities: [{ category: "MENTAL", grade: 3, source: "CERTIFICATE" }],
      }).NO_LABOUR,
    ).toBe("NOT_MET");
    expect(
      statuses({
        disabilities: [
          { category: "PHYSICAL", grade: 2, source: "REGISTRY" },
          { category: "PHYSICAL", grade: 1, source: "REGISTRY" },
        ],
      }).NO_LABOUR,
    ).toBe("MET");
    expect(
      statuses({
        disabilities: [{ category: "VISUAL", grade: 1, source: "CERTIFICATE" }],
      }).NO_LABOUR,
    ).toBe("NOT_MET");
    expect([
      statuses({ age: 17, atSchool: true, onTekunRoster: true }).NO_LABOUR,
      statuses({ age: 17, atSchool: true }).NO_LABOUR,
    ]).toEqual(["MET", "NOT_MET"]);
  });

  it("no income against the declared ceiling (equal is met); not configured and no income record are said so; the verdict", () => {
    expect(statuses({ age: 70, incomePerHead: "500.00" })).toEqual({
      NO_LABOUR: "MET",
      NO_INCOME: "MET",
      NO_ABLE_SUPPORTER: "MET",
    });
    expect(statuses({ age: 70, incomePerHead: "500.01" }).NO_INCOME).toBe(
      "NOT_MET",
    );
    expect(statuses({ age: 70 }, null).NO_INCOME).toBe("NOT_CONFIGURED");
    expect(statuses({ age: 70, incomePerHead: null }).NO_INCOME).toBe(
      "NO_DATA",
    );
    expect(statuses({ age: 70, ableSupporters: 1 }).NO_ABLE_SUPPORTER).toBe(
      "NOT_MET",
    );
    expect(statuses({ age: 70 }, "500.00", null)).toEqual({
      NO_LABOUR: "NOT_CONFIGURED",
      NO_INCOME: "MET",
      NO_ABLE_SUPPORTER: "NOT_CONFIGURED",
    });
    const verdict = (f: Partial<TekunFacts>, max: string | null = "500.00") =>
      tekunVerdict(tekunCriteria(facts(f), noLabourRulesOf(SEEDED), max));
    expect([
      verdict({ age: 70 }),
      verdict({ age: 70 }, null),
      verdict({ age: 40 }, null),
      verdict({ age: 70, incomePerHead: null }),
    ]).toEqual([
      "ELIGIBLE",
      "NOT_CONFIGURED",
      "NOT_ELIGIBLE",
      "NOT_CONFIGURED",
    ]);
  });

  it("support: 12 × the monthly amount against ratio × the local 低保 standard, exactly; a missing parameter is named", () => {
    const keys = {
      ratio: "assistance.tekun_support_min",
      standard: "assistance.dibao_rural_local",
    };
    // 1.3 × 3700 = 4810 a year = 400.83⅓ a month.
    expect(checkTekunSupport("400.84", "1.3", "3700.00", keys)).toEqual({
      status: "SUFFICIENT",
      requiredAnnual: "4810.00",
      requiredMonthly: "400.84",
      supportAnnual: "4810.08",
    });
    expect(checkTekunSupport("400.83", "1.3", "3700.00", keys)).toMatchObject({
      status: "BELOW",
      supportAnnual: "4809.96",
    });
    expect(checkTekunSupport("400.00", "1.3", "3600", keys)).toMatchObject({
      status: "SUFFICIENT",
      requiredAnnual: "4680.00",
      requiredMonthly: "390.00",
    });
    expect(checkTekunSupport("1.00", "1.3", null, keys)).toEqual({
      status: "NOT_CONFIGURED",
      missing: ["assistance.dibao_rural_local"],
    });
  });
});
