"""Write the survey instruments (XLSForms) of tdkt-eval from the wording below.

The forms are generated: edit the wording here, where a review sees it as a
diff, then run from the project root::

    python -m tdkt_eval.forms.build            # the shipped copies, tdkt_eval/forms/*.xlsx
    python -m tdkt_eval.forms.build surveys    # the user-facing copies and their codebooks

(``make forms`` runs both.)  It writes ``staff.xlsx``, ``citizen.xlsx`` and
``inspection.xlsx`` (sheets survey, choices, settings); into any folder other
than the package's own it writes their Markdown codebooks too.  The same
wording always gives byte-identical workbooks (fixed timestamps), so the two
copies are equal byte for byte (checked by tests/test_packaging.py).

Conventions
-----------
- Likert items are ``select_one agree5`` with codes 1..5 (1 = strongly
  disagree, 5 = strongly agree) and ``appearance`` likert.  There is no
  "don't know" code in that list; an unanswered item stays blank.
- ``construct`` and ``reverse`` (1 = reverse-keyed) are extra columns that
  pyxform ignores and tdkt-eval reads.  Item names and constructs of the staff
  and citizen forms match the demo data (``data/demo``).
- ``missing_codes`` in the settings sheet lists choice codes that mean "not
  applicable / don't know" and become missing in analyses (pyxform 4.5 ignores
  unknown settings columns; checked by tests/test_instruments.py).  The English
  title is in ``form_title_en``: pyxform cannot take a translated form_title.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..io.xlsform import sheets_bytes
from ..output import write_bytes_atomic

#: The package folder that holds the shipped forms.
HERE = Path(__file__).resolve().parent
VI, EN = "Vietnamese (vi)", "English (en)"
SURVEY_COLUMNS = (
    "type", "name", f"label::{VI}", f"label::{EN}", f"hint::{VI}", f"hint::{EN}", "required", "relevant",
    "choice_filter", "constraint", f"constraint_message::{VI}", f"constraint_message::{EN}", "appearance", "construct", "reverse",
)
CHOICE_COLUMNS = ("list_name", "name", f"label::{VI}", f"label::{EN}")
SETTINGS_COLUMNS = ("form_id", "form_title", "form_title_en", "version", "default_language", "missing_codes")
VERSION = "2026.1"  # 2026.1: the two-tier map (commune instead of district)

Row = dict[str, str]


# ----------------------------------------------------------------------------- row helpers
def q(type_: str, name: str, vi: str = "", en: str = "", *, hint: tuple[str, str] = ("", ""),
      required: bool = False, relevant: str = "", constraint: str = "", message: tuple[str, str] = ("", ""),
      appearance: str = "", construct: str = "", reverse: bool = False, choice_filter: str = "") -> Row:
    """One survey row."""
    return {
        "type": type_, "name": name, f"label::{VI}": vi, f"label::{EN}": en,
        f"hint::{VI}": hint[0], f"hint::{EN}": hint[1], "required": "yes" if required else "",
        "relevant": relevant, "choice_filter": choice_filter, "constraint": constraint,
        f"constraint_message::{VI}": message[0], f"constraint_message::{EN}": message[1],
        "appearance": appearance, "construct": construct, "reverse": "1" if reverse else "",
    }


def group(name: str, vi: str, en: str, rows: list[Row], *, hint: tuple[str, str] = ("", ""),
          relevant: str = "", appearance: str = "field-list") -> list[Row]:
    """A begin_group … end_group block."""
    return [q("begin_group", name, vi, en, hint=hint, relevant=relevant, appearance=appearance),
            *rows, q("end_group", "")]


def likert(construct: str, name: str, vi: str, en: str, *, reverse: bool = False) -> Row:
    """A 5-point agreement item."""
    return q("select_one agree5", name, vi, en, appearance="likert", construct=construct, reverse=reverse)


def choices(list_name: str, *options: tuple[str, str, str]) -> list[Row]:
    """Rows of one choice list from (code, Vietnamese, English)."""
    return [dict(zip(CHOICE_COLUMNS, (list_name, code, vi, en))) for code, vi, en in options]


METADATA = [q("start", "start"), q("end", "end")]
AGREE5 = choices(
    "agree5",
    ("1", "Hoàn toàn không đồng ý", "Strongly disagree"),
    ("2", "Không đồng ý", "Disagree"),
    ("3", "Trung lập", "Neither agree nor disagree"),
    ("4", "Đồng ý", "Agree"),
    ("5", "Hoàn toàn đồng ý", "Strongly agree"),
)
YN = choices("yn", ("1", "Có", "Yes"), ("0", "Không", "No"))
AGREE_HINT = ("Ông/bà đồng ý ở mức nào với mỗi nhận định sau?",
              "How far do you agree with each of the following statements?")


# ----------------------------------------------------------------------------- staff survey
def _staff_scales() -> list[Row]:
    blocks = [
        ("awareness", "Nhận thức về phong trào", "Awareness of the movement", [
            ("aw1", "Tôi hiểu rõ mục tiêu của phong trào.",
             "I have a clear understanding of the movement's goals.", False),
            ("aw2", "Tôi biết các tiêu chí dùng để đánh giá kết quả thi đua của đơn vị tôi.",
             "I know the criteria used to assess my unit's emulation results.", False),
            ("aw3", "Tôi biết cách chấm điểm các tiêu chí thi đua.",
             "I know how the emulation criteria are scored.", False),
            ("aw4", "Tôi chưa rõ phong trào yêu cầu tôi làm gì trong công việc.",
             "I am unsure what the movement asks me to do in my work.", True),
        ]),
        ("participation", "Tham gia phong trào", "Taking part in the movement", [
            ("pa1", "Tôi đã đăng ký chỉ tiêu thi đua cá nhân trong năm nay.",
             "I have registered personal emulation targets this year.", False),
            ("pa2", "Tôi được tham gia thảo luận các chỉ tiêu thi đua mà đơn vị tôi đăng ký.",
             "I was involved in discussing the emulation targets that my unit registered.", False),
            ("pa3", "Đơn vị tôi đã ký giao ước thi đua với các đơn vị trong cụm, khối thi đua.",
             "My unit has signed an emulation pact with the other units of its emulation cluster or bloc.",
             False),
            ("pa4", "Tôi thường xuyên tham gia các hoạt động của phong trào.",
             "I take part in the movement's activities regularly.", False),
        ]),
        ("substance", "Thay đổi trong công việc", "Changes in work practice", [
            ("su1", "Phong trào đã giúp tôi cải tiến cách làm việc.",
             "The movement has helped me improve the way I work.", False),
            ("su2", "Nhờ phong trào, đơn vị tôi giải quyết công việc nhanh hơn.",
             "Because of the movement, my unit gets its work done faster.", False),
            ("su3", "Chỉ tiêu thi đua của đơn vị tôi gắn với nhiệm vụ chuyên môn hằng ngày.",
             "My unit's emulation targets are linked to its day-to-day professional tasks.", False),
            ("su4", "Phong trào đã tạo ra sáng kiến được áp dụng vào công việc của đơn vị tôi.",
             "The movement has produced initiatives that are used in my unit's work.", False),
            ("su5", "Công việc hằng ngày của tôi vẫn như trước khi có phong trào.",
             "My daily work is the same as it was before the movement.", True),
        ]),
        ("sustainment", "Duy trì phong trào", "Keeping the movement going", [
            ("sm1", "Đơn vị tôi tổ chức sơ kết phong trào đúng thời hạn.",
             "My unit holds the movement's interim reviews on schedule.", False),
            ("sm2", "Sau mỗi lần sơ kết, tổng kết, đơn vị tôi có kế hoạch khắc phục các hạn chế đã được chỉ ra.",
             "After each review, my unit makes a plan to remedy the shortcomings identified.", False),
            ("sm3", "Những cách làm hay của phong trào được duy trì sau khi đợt thi đua kết thúc.",
             "Good practices from the movement are kept up after the emulation period ends.", False),
            ("sm4", "Phong trào được thực hiện đều đặn trong cả năm.",
             "The movement is carried out steadily throughout the year.", False),
        ]),
        ("model_examples", "Điển hình tiên tiến", "Model examples", [
            ("me1", "Đơn vị tôi phát hiện được các điển hình tiên tiến trong phong trào.",
             "My unit identifies model examples within the movement.", False),
            ("me2", "Các điển hình tiên tiến được đơn vị tôi quan tâm bồi dưỡng.",
             "My unit nurtures its model examples.", False),
            ("me3", "Kinh nghiệm của các điển hình tiên tiến được tổng kết thành bài học.",
             "The experience of model examples is documented as lessons.", False),
            ("me4", "Cách làm của các điển hình tiên tiến được nhân rộng sang các đơn vị, bộ phận khác.",
             "The practices of model examples are replicated in other units and teams.", False),
        ]),
        ("formality", "Cách thức tổ chức thi đua", "How emulation is organised", [
            ("fo1", "Phong trào chủ yếu thể hiện trên giấy tờ hơn là bằng việc làm cụ thể.",
             "The movement exists mainly on paper rather than in concrete actions.", False),
            ("fo2", "Khi bình xét thi đua ở đơn vị tôi, mọi người nể nang nhau.",
             "In my unit's emulation peer review, people are lenient with each other out of deference.", False),
            ("fo3", "Ở đơn vị tôi, danh hiệu thi đua được chia lần lượt cho mọi người.",
             "In my unit, emulation titles are handed out to people in turn.", False),
            ("fo4", "Kết quả thi đua ở đơn vị tôi phản ánh đúng kết quả công việc thực tế.",
             "Emulation results in my unit accurately reflect actual work performance.", True),
        ]),
        ("fairness", "Khen thưởng", "Commendation", [
            ("fa1", "Khen thưởng ở đơn vị tôi dựa trên thành tích thực tế.",
             "Commendations in my unit are based on actual achievements.", False),
            ("fa2", "Người lao động trực tiếp có cơ hội được khen thưởng như cán bộ lãnh đạo, quản lý.",
             "Front-line workers have the same chance of being commended as leaders and managers.", False),
            ("fa3", "Thành tích xuất sắc được khen thưởng kịp thời.",
             "Outstanding achievements are commended promptly.", False),
            ("fa4", "Việc xét khen thưởng ở đơn vị tôi được thực hiện công khai.",
             "Commendation decisions in my unit are made openly.", False),
            ("fa5", "Khen thưởng ở đơn vị tôi chủ yếu dành cho cán bộ lãnh đạo, quản lý.",
             "In my unit, commendations go mainly to leaders and managers.", True),
        ]),
        ("inspection", "Kiểm tra, đôn đốc", "Inspection and follow-up", [
            ("in1", "Cấp trên kiểm tra việc thực hiện phong trào ở đơn vị tôi theo định kỳ.",
             "The level above inspects my unit's work on the movement at regular intervals.", False),
            ("in2", "Cấp trên thường xuyên đôn đốc đơn vị tôi trong quá trình thực hiện phong trào.",
             "The level above follows up with my unit regularly while the movement is under way.", False),
            ("in3", "Khi kiểm tra, đoàn kiểm tra xem xét kết quả thực tế chứ không chỉ xem hồ sơ.",
             "Inspections look at actual results, not only at paperwork.", False),
            ("in4", "Đơn vị tôi khắc phục các hạn chế mà đoàn kiểm tra đã chỉ ra.",
             "My unit remedies the shortcomings that inspections point out.", False),
        ]),
        ("council", "Hội đồng Thi đua – Khen thưởng", "The emulation-commendation council", [
            ("co1", "Hội đồng Thi đua – Khen thưởng tham gia xây dựng tiêu chí thi đua.",
             "The emulation-commendation council takes part in setting the emulation criteria.", False),
            ("co2", "Hội đồng Thi đua – Khen thưởng theo dõi phong trào trong suốt năm, "
                    "không chỉ khi xét khen thưởng.",
             "The council follows the movement throughout the year, not only when it reviews nominations.",
             False),
            ("co3", "Hội đồng Thi đua – Khen thưởng thẩm định kỹ hồ sơ đề nghị khen thưởng.",
             "The council examines nomination dossiers thoroughly.", False),
        ]),
        ("training", "Cán bộ làm công tác thi đua, khen thưởng", "Emulation and commendation staff", [
            ("tr1", "Cán bộ làm công tác thi đua, khen thưởng ở đơn vị tôi được tập huấn nghiệp vụ.",
             "The staff who handle emulation and commendation in my unit have received professional training.",
             False),
            ("tr2", "Cán bộ làm công tác thi đua, khen thưởng ở đơn vị tôi nắm vững các quy định hiện hành.",
             "The staff who handle emulation and commendation in my unit know the current regulations well.",
             False),
            ("tr3", "Cán bộ làm công tác thi đua, khen thưởng ở đơn vị tôi gắn bó lâu dài với công việc này.",
             "The staff who handle emulation and commendation in my unit stay in this work for the long term.",
             False),
        ]),
    ]
    council_hint = (
        " Nếu đơn vị không có Hội đồng riêng, xin trả lời về Hội đồng Thi đua – Khen thưởng "
        "của cấp trực tiếp xét khen thưởng cho đơn vị.",
        " If your unit has no council of its own, answer about the council of the level "
        "that reviews your unit's nominations.",
    )
    rows: list[Row] = []
    for construct, vi, en, items in blocks:
        hint = AGREE_HINT
        if construct == "council":
            hint = (AGREE_HINT[0] + council_hint[0], AGREE_HINT[1] + council_hint[1])
        rows += group(construct, vi, en, [likert(construct, name, ivi, ien, reverse=rev)
                                          for name, ivi, ien, rev in items], hint=hint)
    return rows


def staff_form() -> dict[str, list[Row]]:
    """The staff survey (officials, civil servants, public employees and workers)."""
    background = group("background", "Thông tin chung", "About you and your unit", [
        q("text", "unit_id", "Mã đơn vị của ông/bà", "Your unit's code", required=True,
          hint=("Ghi mã đơn vị theo thư mời khảo sát (ví dụ: U037).",
                "Enter the unit code given in the survey invitation (e.g. U037).")),
        q("text", "commune", "Xã, phường hoặc đặc khu nơi đơn vị đóng trụ sở",
          "Commune, ward or special zone where your unit is based", required=True),
        q("select_one level", "level", "Đơn vị của ông/bà thuộc cấp nào?", "At which level is your unit?",
          choice_filter="name != 'district'", required=True),
        q("select_one position_group", "position_group", "Vị trí công tác hiện nay của ông/bà",
          "Your current position", required=True,
          hint=("Lãnh đạo: cấp trưởng, cấp phó của cơ quan, đơn vị. Quản lý: trưởng, phó phòng, ban, bộ phận "
                "hoặc tương đương. Người lao động trực tiếp: người trực tiếp làm chuyên môn, nghiệp vụ.",
                "Leader: head or deputy head of the agency or unit. Manager: head or deputy head of a "
                "division, section or team, or equivalent. Front-line worker: a person who does the "
                "professional work directly.")),
        q("select_one gender", "gender", "Giới tính của ông/bà", "Your gender", required=True),
        q("select_one sector", "sector", "Đơn vị của ông/bà thuộc khu vực nào?",
          "Which sector does your unit belong to?", required=True),
        q("integer", "years_of_service", "Số năm công tác của ông/bà", "Your years of service",
          required=True, constraint=". >= 0 and . <= 60",
          message=("Số năm công tác phải từ 0 đến 60.", "Years of service must be between 0 and 60.")),
    ], appearance="")
    intro = q("note", "intro",
              "Phiếu này hỏi ý kiến của cán bộ, công chức, viên chức và người lao động về phong trào thi đua "
              "được nêu trong thư mời khảo sát (sau đây gọi là \"phong trào\"). Phiếu không ghi họ tên; "
              "thông tin chỉ được dùng để tổng hợp.",
              "This questionnaire asks officials, civil servants, public employees and workers for their "
              "views on the emulation movement named in the survey invitation (\"the movement\" below). "
              "It does not record your name; answers are used only in aggregate.")
    return {
        "survey": [*METADATA, intro, *background, *_staff_scales()],
        "choices": [
            *AGREE5,
            # 'district' is not offered (choice_filter); it stays a code so that answers to the 2025.1 form load
            *choices("level", ("province", "Cấp tỉnh", "Province"), ("commune", "Cấp xã", "Commune"),
                     ("district", "Cấp huyện (đến 30/6/2025)", "District (until 30 June 2025)")),
            *choices("position_group", ("leader", "Lãnh đạo", "Leader"), ("manager", "Quản lý", "Manager"),
                     ("frontline", "Người lao động trực tiếp", "Front-line worker")),
            *choices("gender", ("male", "Nam", "Male"), ("female", "Nữ", "Female")),
            *choices("sector", ("state", "Khu vực nhà nước", "State sector"),
                     ("non_state", "Khu vực ngoài nhà nước (doanh nghiệp, hợp tác xã, hộ kinh doanh)",
                      "Non-state sector (businesses, cooperatives, household businesses)")),
        ],
        "settings": [{
            "form_id": "tdkt_staff",
            "form_title": "Khảo sát cán bộ, công chức, viên chức và người lao động về phong trào thi đua",
            "form_title_en": "Staff survey on the emulation movement", "version": VERSION,
            "default_language": VI, "missing_codes": "",
        }],
    }


# ----------------------------------------------------------------------------- citizen survey
def citizen_form() -> dict[str, list[Row]]:
    """The citizen (household) survey, read out by an interviewer."""
    consented = "${consent} = '1'"
    read_out = ("Ông/bà đồng ý ở mức nào với mỗi nhận định sau? Điều tra viên đọc từng nhận định và các mức "
                "trả lời; nếu người trả lời không có ý kiến, để trống.",
                "How far do you agree with each of the following statements? Interviewer: read each statement "
                "and the answer options; if the respondent has no opinion, leave the answer blank.")
    survey = [
        *METADATA,
        q("note", "intro",
          "Xin chào ông/bà. Chúng tôi đang tìm hiểu ý kiến của người dân về phong trào thi đua ở địa phương "
          "(điều tra viên đọc tên phong trào). Cuộc phỏng vấn mất khoảng 10 phút. Ông/bà có thể không trả lời "
          "bất kỳ câu hỏi nào. Phiếu không ghi họ tên; thông tin chỉ được dùng để tổng hợp.",
          "Hello. We are asking residents for their views on the emulation movement in this locality "
          "(interviewer: read the name of the movement). The interview takes about 10 minutes. You may "
          "decline to answer any question. Your name is not recorded; answers are used only in aggregate."),
        *group("sample", "Địa bàn khảo sát", "Survey location", [
            q("text", "commune", "Xã (phường, đặc khu)", "Commune (ward or special zone)", required=True),
            q("text", "village", "Thôn (ấp, bản, tổ dân phố)", "Village (hamlet or residential group)",
              required=True),
        ], hint=("Điều tra viên ghi theo danh sách mẫu.", "Interviewer: copy from the sample list.")),
        q("select_one yn", "consent", "Ông/bà có đồng ý tham gia cuộc phỏng vấn này không?",
          "Do you agree to take part in this interview?", required=True),
        *group("respondent", "Thông tin người trả lời", "About the respondent", [
            q("select_one gender", "gender", "Giới tính của ông/bà", "Your gender", required=True),
            q("integer", "age", "Ông/bà bao nhiêu tuổi?", "How old are you?", required=True,
              hint=("Tuổi tròn theo năm dương lịch.", "Age in completed years."),
              constraint=". >= 18 and . <= 110",
              message=("Người trả lời phải từ 18 tuổi trở lên.", "The respondent must be 18 or older.")),
            q("select_one ethnicity", "ethnicity", "Ông/bà thuộc dân tộc nào?", "What is your ethnic group?",
              required=True),
            q("select_one education", "education", "Trình độ học vấn cao nhất mà ông/bà đã hoàn thành",
              "The highest level of education you have completed", required=True,
              hint=("Người học trung cấp chọn bậc phổ thông đã tốt nghiệp.",
                    "For vocational secondary training (trung cấp), choose the general school level completed.")),
        ], relevant=consented, appearance=""),
        *group("movement", "Biết và tham gia phong trào", "Knowing and taking part in the movement", [
            q("select_one yn", "c_know", "Trước cuộc phỏng vấn này, ông/bà có biết đến phong trào này không?",
              "Before this interview, had you heard of this movement?", required=True, construct="know",
              hint=("Điều tra viên nhắc lại tên phong trào.", "Interviewer: repeat the name of the movement.")),
            q("select_one yn", "c_part",
              "Trong 12 tháng qua, ông/bà có trực tiếp tham gia hoạt động nào của phong trào không?",
              "In the past 12 months, did you personally take part in any of the movement's activities?",
              required=True, construct="part"),
        ], relevant=consented, appearance=""),
        *group("benefit", "Kết quả của phong trào", "What the movement has achieved", [
            likert("benefit", "c_ben1", "Phong trào đã mang lại lợi ích cho gia đình ông/bà.",
                   "The movement has brought benefits to your household."),
            likert("benefit", "c_ben2", "Phong trào đã góp phần cải thiện đời sống ở nơi ông/bà sinh sống.",
                   "The movement has helped to improve life where you live."),
            likert("benefit", "c_ben3", "Nhờ phong trào, chính quyền địa phương phục vụ người dân tốt hơn.",
                   "Because of the movement, the local authorities serve residents better."),
        ], hint=read_out, relevant=consented),
        *group("model", "Điển hình tiên tiến", "Model examples", [
            q("select_one yn", "c_mknow",
              "Ông/bà có biết cá nhân hoặc tập thể nào ở địa phương được nêu gương là điển hình tiên tiến "
              "của phong trào không?",
              "Do you know of any person or group in your locality who has been held up as a model example "
              "of the movement?", required=True, construct="model"),
            q("select_one yn", "c_mlearn", "Ông/bà có học hỏi được điều gì từ điển hình tiên tiến đó không?",
              "Have you learned anything from that model example?", required=True,
              relevant="${c_mknow} = '1'", construct="model"),
        ], relevant=consented, appearance=""),
        *group("trust", "Khen thưởng ở địa phương", "Commendations in your locality", [
            likert("trust", "c_trust1", "Việc khen thưởng trong phong trào ở địa phương là công bằng.",
                   "Commendations under the movement in your locality are fair."),
            likert("trust", "c_trust2", "Những người, tập thể được khen thưởng ở địa phương là xứng đáng.",
                   "The people and groups commended in your locality deserve it."),
            likert("trust", "c_trust3", "Người dân bình thường có cơ hội được khen thưởng như cán bộ.",
                   "Ordinary residents have the same chance of being commended as officials."),
        ], hint=read_out, relevant=consented),
    ]
    return {
        "survey": survey,
        "choices": [
            *AGREE5, *YN,
            *choices("gender", ("male", "Nam", "Male"), ("female", "Nữ", "Female")),
            *choices("ethnicity", ("kinh", "Kinh", "Kinh"), ("other", "Dân tộc khác", "Other ethnic group")),
            *choices("education",
                     ("none", "Chưa tốt nghiệp tiểu học", "Did not complete primary school"),
                     ("primary", "Tiểu học", "Primary school"),
                     ("secondary", "Trung học cơ sở", "Lower secondary school"),
                     ("high_school", "Trung học phổ thông", "Upper secondary (high) school"),
                     ("tertiary", "Cao đẳng, đại học trở lên", "College, university or higher")),
        ],
        "settings": [{
            "form_id": "tdkt_citizen", "form_title": "Khảo sát ý kiến người dân về phong trào thi đua",
            "form_title_en": "Citizen survey on the emulation movement", "version": VERSION,
            "default_language": VI, "missing_codes": "",
        }],
    }


# ----------------------------------------------------------------------------- inspection checklist
STAGES = (
    ("plan", "1. Kế hoạch và tiêu chí thi đua", "1. Plan and criteria", [
        ("pl1", "Đơn vị có kế hoạch tổ chức phong trào bằng văn bản.",
         "The unit has a written plan for organising the movement."),
        ("pl2", "Kế hoạch có thời hạn cho từng nội dung.", "The plan sets a deadline for each task."),
        ("pl3", "Các tiêu chí thi đua có chỉ tiêu đo được (con số, tỷ lệ hoặc thời hạn).",
         "The emulation criteria have measurable targets (a number, a percentage or a deadline)."),
        ("pl4", "Tiêu chí thi đua gắn với nhiệm vụ chính của đơn vị.",
         "The emulation criteria are linked to the unit's core tasks."),
    ]),
    ("launch", "2. Phát động và đăng ký thi đua", "2. Launch and registration", [
        ("la1", "Đơn vị đã tổ chức phát động phong trào.", "The unit has formally launched the movement."),
        ("la2", "Các cá nhân đã đăng ký chỉ tiêu thi đua bằng văn bản.",
         "Individuals have registered their emulation targets in writing."),
        ("la3", "Đơn vị đã ký giao ước thi đua của cụm, khối thi đua.",
         "The unit has signed the emulation pact of its cluster or bloc."),
        ("la4", "Nội dung phát động đã được phổ biến đến người lao động trực tiếp.",
         "The content of the launch has reached front-line workers."),
    ]),
    ("inspection", "3. Kiểm tra, đôn đốc", "3. Inspection and follow-up", [
        ("ki1", "Đơn vị tự kiểm tra việc thực hiện phong trào theo kế hoạch.",
         "The unit checks its own progress on the movement as planned."),
        ("ki2", "Có biên bản của các lần kiểm tra trước.", "There are written records of earlier inspections."),
        ("ki3", "Các kiến nghị của lần kiểm tra trước đã được khắc phục.",
         "The recommendations of the previous inspection have been acted on."),
        ("ki4", "Đơn vị gửi báo cáo thi đua, khen thưởng đúng hạn.",
         "The unit sends its emulation and commendation reports on time."),
    ]),
    ("models", "4. Điển hình tiên tiến", "4. Model examples", [
        ("dh1", "Đơn vị có danh sách các điển hình tiên tiến được phát hiện trong phong trào.",
         "The unit keeps a list of the model examples identified in the movement."),
        ("dh2", "Đơn vị có biện pháp bồi dưỡng các điển hình tiên tiến.",
         "The unit takes steps to nurture its model examples."),
        ("dh3", "Kinh nghiệm của các điển hình tiên tiến đã được tổng kết bằng văn bản.",
         "The experience of model examples has been written up."),
        ("dh4", "Cách làm của các điển hình tiên tiến đã được nhân rộng.",
         "The practices of model examples have been replicated."),
    ]),
    ("review", "5. Sơ kết, tổng kết và khen thưởng", "5. Review and commendation", [
        ("tk1", "Đơn vị đã tổ chức sơ kết phong trào theo kế hoạch.",
         "The unit held the movement's interim review as planned."),
        ("tk2", "Báo cáo sơ kết, tổng kết nêu được hạn chế cụ thể.",
         "The review reports name specific shortcomings."),
        ("tk3", "Việc khen thưởng căn cứ vào kết quả thi đua đã được đánh giá.",
         "Commendations are based on the assessed emulation results."),
        ("tk4", "Trong số cá nhân được khen thưởng có người lao động trực tiếp.",
         "Front-line workers are among the individuals commended."),
        ("tk5", "Hồ sơ khen thưởng được lưu trữ đầy đủ.", "Commendation dossiers are kept complete."),
    ]),
)


def inspection_form() -> dict[str, list[Row]]:
    """The inspectors' checklist, by the five stages of organising a movement."""
    stages: list[Row] = []
    for construct, vi, en, items in STAGES:
        rows: list[Row] = []
        for name, ivi, ien in items:
            rows.append(q("select_one ypn", name, ivi, ien, required=True, construct=construct))
            rows.append(q("text", f"{name}_ev", "Minh chứng", "Evidence", required=True,
                          relevant=f"${{{name}}} = '2' or ${{{name}}} = '1'", appearance="multiline",
                          hint=("Tên, số và ngày của văn bản hoặc tài liệu.",
                                "Title, number and date of the document or record.")))
        stages += group(construct, vi, en, rows, appearance="")
    visit = group("visit", "Thông tin đợt kiểm tra", "About the inspection visit", [
        q("text", "unit_id", "Mã đơn vị được kiểm tra", "Code of the unit inspected", required=True),
        q("text", "movement_id", "Mã phong trào thi đua được kiểm tra", "Code of the emulation movement inspected",
          required=True, hint=("Theo danh mục phong trào (ví dụ: M01).", "From the list of movements (e.g. M01).")),
        q("date", "date", "Ngày kiểm tra", "Date of the inspection", required=True, constraint=". <= today()",
          message=("Ngày kiểm tra không được sau ngày hôm nay.", "The inspection date cannot be later than today.")),
        q("select_one inspector_level", "inspector_level", "Cấp của đoàn kiểm tra", "Level of the inspecting body",
          required=True),
    ], appearance="")
    intro = q("note", "intro",
              "Đoàn kiểm tra đánh giá từng nội dung dựa trên hồ sơ, tài liệu và thực tế tại đơn vị. Chọn "
              "\"Không áp dụng\" khi nội dung không phù hợp với đơn vị. Ghi minh chứng cho mỗi nội dung được "
              "đánh giá \"Có\" hoặc \"Một phần\".",
              "The inspection team rates each point against the unit's records and what it sees on site. "
              "Choose \"Not applicable\" when a point does not apply to the unit. Record the evidence for "
              "every point rated \"Yes\" or \"Partly\".")
    return {
        "survey": [*METADATA, intro, *visit, *stages],
        "choices": [
            *choices("ypn", ("2", "Có", "Yes"), ("1", "Một phần", "Partly"), ("0", "Không", "No"),
                     ("9", "Không áp dụng", "Not applicable")),
            *choices("inspector_level", ("central", "Trung ương", "Central"), ("province", "Tỉnh", "Province"),
                     ("district", "Huyện", "District")),
        ],
        "settings": [{
            "form_id": "tdkt_inspection", "form_title": "Phiếu kiểm tra việc tổ chức phong trào thi đua",
            "form_title_en": "Inspection checklist for an emulation movement", "version": VERSION,
            "default_language": VI, "missing_codes": "9",
        }],
    }


FORMS = {"staff": staff_form, "citizen": citizen_form, "inspection": inspection_form}
_COLUMNS = {"survey": SURVEY_COLUMNS, "choices": CHOICE_COLUMNS, "settings": SETTINGS_COLUMNS}
_WIDTHS = {"type": 26, "name": 18, "label": 60, "hint": 40, "list_name": 16, "form_title": 50}


# ----------------------------------------------------------------------------- writing
def form_bytes(sheets: dict[str, list[Row]]) -> bytes:
    """One XLSForm workbook as bytes (deterministic)."""
    return sheets_bytes({title: [list(columns), *([row.get(col, "") for col in columns] for row in sheets[title])]
                         for title, columns in _COLUMNS.items()}, widths=_WIDTHS)


def build(out_dir: str | Path = HERE, *, codebooks: bool | None = None) -> list[Path]:
    """Write the three forms into ``out_dir``, with their Markdown codebooks unless told otherwise.

    Parameters
    ----------
    out_dir : str or Path, default the package folder
        Where to write.
    codebooks : bool, optional
        Also write ``codebook_<form>.md``; default: yes, except into the package folder.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir = Path(out_dir)
    if codebooks is None:
        codebooks = out_dir.resolve() != HERE
    written = []
    for stem, make in FORMS.items():
        path = write_bytes_atomic(out_dir / f"{stem}.xlsx", form_bytes(make()))
        written.append(path)
        if codebooks:
            from ..io.instruments import load_instrument, write_codebook

            written += write_codebook(load_instrument(path), out_dir, formats=("md",))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tdkt_eval.forms.build [OUT_DIR ...]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tdkt_eval.forms.build", description=__doc__.splitlines()[0])
    parser.add_argument("out_dirs", nargs="*", default=[str(HERE)], metavar="OUT_DIR",
                        help="folders to write into (default: the package's tdkt_eval/forms/)")
    args = parser.parse_args(argv)
    for out_dir in args.out_dirs:
        for path in build(out_dir):
            sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
