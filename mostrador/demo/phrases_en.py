"""What customers and staff write in English, in the department's own words (GLOSSARY.md)."""

from mostrador.cases.choices import CaseType as T
from mostrador.demo.phrasebook import ByType, Phrasebook, by_group

SUBJECTS: ByType = {
    T.INFORMATION: (
        "Question about the warranty {of_the}",
        "Opening hours of the {town} shop",
        "Could you tell me the status of order {order}?",
        "Do you stock spare parts for {a}?",
        "How can I extend the warranty {of_the}?",
        "Information about your installation service",
        "When will order {order} be delivered?",
        "Please send me a copy of invoice {invoice}",
        "Can I pay for {the} in instalments?",
        "Question about the manual {of_the}",
    ),
    T.SUGGESTION: (
        "Suggestion about your opening hours",
        "Idea: a text message before the technician's visit",
        "It would help to book appointments online",
        "A suggestion to improve the app",
        "A suggestion for the {town} shop",
        "Could you open on Saturday mornings?",
        "Suggestion: invoices by email only",
        "An idea to improve the manual {of_the}",
        "More parking spaces at the {town} shop",
    ),
    T.COMPLAINT: (
        "The technician did not turn up on {weekday}",
        "Complaint about how I was treated at the {town} shop",
        "Nobody answers the customer service phone line",
        "Third visit and {the} still does not work",
        "Complaint about the delay to order {order}",
        "Still waiting for an answer about {the}",
        "Very unhappy with your after-sales service",
        "The carrier left the parcel damaged",
        "My {weekday} appointment was cancelled without notice",
    ),
    T.CLAIM: (
        "Claim regarding invoice {invoice}",
        "I am claiming {remedy}",
        "Claim: {the} {fault}",
        "Formal request for {remedy}",
        "Formal claim about order {order}",
        "Claim for a badly done repair",
        "Official claim form from the {town} shop",
        "Warranty claim for {the}",
    ),
    "claim:refund": (
        "Invoice charged twice",
        "Wrong charge on invoice {invoice}",
        "Still waiting for my refund of {amount}",
    ),
    "claim:contract_termination": ("I want to cancel my maintenance contract",),
    T.AUTHORITY_REPORT: (
        "Report filed with the Catalan Consumer Agency",
        "I have filed a report with the {town} consumer office",
        "Copy of the official report form",
        "Report for misleading advertising",
        "Notice that I have reported you to the authorities",
        "Report concerning my case about {the}",
        "Report for not honouring the warranty",
        "My report has gone to the authorities",
    ),
    T.TECHNICAL: (
        "{The} {fault}",
        "Fault {of_the}: it {fault}",
        "{The} {fault} since {weekday}",
        "Error {code} {at_the}",
        "Please send a technician to check {the}",
        "{The} I bought {months} months ago has stopped working",
        "Technical problem: {the} {fault}",
        "I need a spare part for {the}",
        "Warranty repair {of_the}",
    ),
    T.COMPLIMENT: (
        "Thank you for the quick repair",
        "Praise for the technician who came on {weekday}",
        "Lovely service at the {town} shop",
        "I wanted to thank you for your help",
        "{The} works again, thank you very much",
        "Well done to your customer service team",
        "Congratulations to the team at the {town} shop",
        "Thanks for sorting it out so quickly",
        "First-class after-sales service",
    ),
}

OPENINGS: ByType = {
    T.INFORMATION: (
        "I would like to know whether {the} I bought on {date} is still under warranty and what "
        "the warranty covers.",
        "I am writing to ask about the status of order {order}, which I placed on {date}.",
        "Could you tell me the opening hours of the {town} shop? I would like to come in on "
        "{weekday} {day_part}.",
        "I need a copy of invoice {invoice}: I have lost it and I need it for the warranty.",
        "Do you have spare parts {of_the} in stock, and how long do they take to arrive?",
        "I am interested in extending the warranty {of_the}. What are the options and what do "
        "they cost?",
        "Before buying {a}, I would like to know whether the price includes installation and "
        "taking away the old appliance.",
    ),
    T.SUGGESTION: (
        "A suggestion: it would be good if the {town} shop also opened on Saturday mornings, "
        "because I work during the week and cannot get there.",
        "When a technician is due, it would be helpful to get a text message on the day with the "
        "approximate time of the visit.",
        "I miss being able to book appointments online: at the moment it can only be done by "
        "phone, and it always takes ages for someone to answer.",
        "The app works well, but I would suggest letting customers check the status of a repair "
        "with its tracking code.",
        "Why not send invoices by email only to those who ask for it? You would save paper and "
        "it would be more convenient.",
        "The manual {of_the} only explains the error codes in one language. A multilingual "
        "version would be very helpful.",
    ),
    T.COMPLAINT: (
        "We had an appointment with the technician on {weekday} {day_part} and nobody came, nor "
        "did anyone let us know. I lost a day of work waiting.",
        "This is the third time the technician has come to repair {the} and nothing has changed: "
        "{the} {fault}, just as before.",
        "I have been calling the customer service line for two weeks and nobody answers. When "
        "someone finally does, they say they will call me back.",
        "On {date} I went to the {town} shop and the way I was treated at the counter was very "
        "unfriendly.",
        "Order {order} was due on {date} and I am still waiting for it. Nobody can tell me where "
        "it is.",
        "The carrier left the parcel at the door without ringing, and {the} arrived dented. The "
        "box was damaged and nobody checked anything.",
    ),
    T.CLAIM: (
        "I am making this claim because {the} {fault} and the repair has not helped at all. I "
        "am asking for {remedy}.",
        "I am formally claiming {remedy}. {The}, bought on {date}, {fault} from the first day.",
        "After {months} visits from your technicians, {the} still does not work. I consider it a "
        "manufacturing defect and I am requesting {remedy}.",
        "Please take this as my written claim: {the}, bought on {date}, {fault}. As it is within "
        "the warranty period, I am asking for {remedy}.",
        "I have the deposit receipt for the repair {of_the} and, a month later, I still do not "
        "have the appliance back. I am claiming {remedy}.",
        "The technician says the fault {of_the} is due to misuse, but it has always been used as "
        "the manual says. That is why I am asking for {remedy}.",
    ),
    "claim:refund": (
        "You have charged me twice for invoice {invoice}, for {amount}. Please refund the "
        "duplicate charge.",
        "I returned {the} on {date} and I have still not received my refund of {amount}.",
    ),
    "claim:compensation": (
        "The water leak {of_the} has ruined the kitchen floor. I have photos and the carpenter's "
        "estimate, and I am asking for {remedy}.",
    ),
    "claim:contract_termination": (
        "I want to cancel the maintenance contract {of_the}: in a whole year nobody has come to "
        "do the service. I am asking for {remedy}.",
    ),
    T.AUTHORITY_REPORT: (
        "I am letting you know that I have filed a report with the {town} consumer information "
        "office, because you are not honouring the warranty {of_the}.",
        "Attached is a copy of the official report form I filled in on {date} at the {town} shop.",
        "As I have had no answer to my claim, I have taken the case to the Catalan Consumer "
        "Agency.",
        "The advert said that installation {of_the} was free, and then you charged me for it. I "
        "have reported it for misleading advertising.",
        "I have filed a report with the consumer authority because order {order} was charged and "
        "never delivered.",
        "I am informing you that I have filed a report: the technician said the fault was "
        "misuse without even opening {the}.",
    ),
    T.TECHNICAL: (
        "{The}, bought on {date}, {fault}.",
        "Since {weekday}, {the} {fault}. I have unplugged it and plugged it back in, but nothing "
        "has changed.",
        "I would like to request a visit from your technical assistance service: {the} {fault} "
        "and we cannot use it.",
        "{The} {fault}. I have looked in the manual, but it does not say what to do.",
        "I have {a} under warranty that {fault}. When could a technician come?",
        "For {months} weeks now {the} {fault}. I would appreciate an urgent repair, as there are "
        "five of us at home.",
        "I am writing because {the} {fault}. The serial number is {serial} and it was bought at "
        "the {town} shop.",
    ),
    T.COMPLIMENT: (
        "I wanted to thank the technician who came on {weekday}: very punctual, explained "
        "everything and had {the} working again in half an hour.",
        "Thank you very much for the quick repair {of_the}. Within two days it was working again.",
        "I would like to praise the person who served me at the counter of the {town} shop on "
        "{date}: very friendly and efficient.",
        "I just wanted to say that your customer service has been excellent. You solved the "
        "problem {of_the} at the first attempt.",
        "Thank you for replacing {the} without any fuss. That is how it should be.",
        "Well done to the team: order {order} arrived earlier than expected and the carrier was "
        "very helpful.",
    ),
}

DETAILS: ByType = {
    T.INFORMATION: (
        "I am not sure whether this is for the shop or for after-sales.",
        "I could not find this information on your website.",
        "I can send you the order number if needed.",
        "It would help to know before {later}.",
        "I would also like to know whether the warranty covers the technician's call-out.",
        "And while I am at it, how do I unsubscribe from your promotional emails?",
    ),
    T.SUGGESTION: (
        "I say this to help, because on the whole I am happy with the service.",
        "I think many customers feel the same.",
        "Other shops already do it and it works very well.",
        "If you like, I can explain the idea better over the phone.",
    ),
    T.COMPLAINT: (
        "This is not the first time it has happened.",
        "I understand that things go wrong, but at least let people know.",
        "I expect an explanation and a solution soon.",
        "Please record this as a formal complaint.",
        "I had to take a day off work for nothing.",
    ),
    T.CLAIM: (
        "I attach the invoice and the photos.",
        "If I get no answer within the legal deadline, I will go to the consumer authority.",
        "I have all the payment receipts.",
        "The product is still within the warranty period.",
        "I do not accept that this is misuse.",
    ),
    T.AUTHORITY_REPORT: (
        "I am sending you this copy for your records.",
        "I was told you would receive the notification within about fifteen days.",
        "Before coming to this I claimed twice without an answer.",
        "I hope it gets resolved this time.",
    ),
    T.TECHNICAL: (
        "The serial number of the appliance is {serial}.",
        "I have already tried switching it off and on again.",
        "A technician visit on {later} {day_part} would suit me.",
        "It is within the warranty period.",
        "I have the proof of purchase from the {town} shop.",
        "It is urgent, because we use it every day.",
        "The appliance has a wifi connection, in case you can check it remotely.",
    ),
    T.COMPLIMENT: (
        "I had not had service like this for years.",
        "I am telling you because people usually only write to complain.",
        "Please pass on my thanks.",
        "I will certainly buy from your shop again.",
    ),
}

CONTEXT = (
    "I have been your customer for years.",
    "I live in {town}.",
    "The order number is {order}.",
    "The invoice number is {invoice}.",
    "I am sorry to have to write about this.",
    "I made the purchase on {date}.",
    "I already called on {weekday}, but I was told to write to you.",
    "We are at home all day on {later}.",
    "I understand the deadline for an answer is one month.",
    "If needed, I can bring the appliance to the {town} shop.",
    "I have the invoice and the warranty to hand if you need them.",
)

CLOSINGS = (
    "You can call me after {hour}:00.",
    "If you need anything else, just let me know.",
    "I would prefer an answer by email.",
    "I look forward to your answer.",
    "I would appreciate an answer as soon as possible.",
)

FOLLOW_UPS = (
    "Here is the serial number you asked for: {serial}.",
    "I have still not had an answer and it is days since I wrote.",
    "Yes, {later} {day_part} suits me.",
    "Thank you for your answer. I attach invoice {invoice}.",
    "The technician has been, but {the} is still the same.",
    "Sorry, I had not seen your message until now.",
    "I confirm that I have received your email.",
    "When will you know something?",
    "Is there any news on case {reference}?",
    "Here is what you asked me for.",
)

GREETINGS = ("Hello,", "Good morning,", "Dear Sir or Madam,", "Hi,")
SIGN_OFFS = (
    "Thanks,\n{name}",
    "Best regards,\n{name}",
    "Yours faithfully,\n{name}",
    "Many thanks,\n{name}",
)

ACKNOWLEDGEMENTS: ByType = {
    T.INFORMATION: (
        "Thank you for your enquiry, which we have registered under reference {reference}.",
        "We have received your enquiry and passed it on to the department that can answer it.",
        "So that we can help, could you give us the order or invoice number?",
    ),
    T.SUGGESTION: (
        "Thank you very much for your suggestion, which we have registered under reference "
        "{reference}.",
        "We have passed your proposal on to the manager of the {town} shop.",
        "Thank you for taking the time to write to us: your suggestion will be discussed at our "
        "monthly quality meeting.",
    ),
    T.COMPLAINT: (
        "We are very sorry to hear this. We have opened your complaint under reference "
        "{reference} and the department head will review it.",
        "Please accept our apologies. We are looking into what happened with your {weekday} "
        "appointment.",
        "We have registered your complaint and will answer within the deadline.",
    ),
    T.CLAIM: (
        "We have received your claim, reference {reference}. We will answer in writing within "
        "the legal deadline.",
        "To process your claim, could you send us a copy of the invoice and, if you have them, "
        "photos {of_the}?",
        "We have registered your claim and passed it on to our billing department, which will "
        "check the amount.",
    ),
    T.AUTHORITY_REPORT: (
        "We have received the copy of your report and registered it under reference {reference}.",
        "We note your report. Our quality department will answer the authority within the "
        "deadline it sets.",
        "We regret that it has come to this. We will review your case again and answer in writing.",
    ),
    T.TECHNICAL: (
        "We have registered your service request under reference {reference}. Could you give us "
        "the serial number {of_the}? You will find it on the label at the back or inside the door.",
        "We are sorry about the fault. We can offer a technician visit on {later} {day_part}: "
        "would that suit you?",
        "Before we send a technician, please try unplugging the appliance for ten minutes and "
        "switching it on again. If the error persists, let us know and we will book the visit.",
    ),
    T.COMPLIMENT: (
        "Thank you so much for your kind words! We will pass them on to the team.",
        "We are delighted to hear you are happy. We will let the technician and their manager "
        "know.",
        "Thank you for writing to us: messages like yours mean a lot to us.",
    ),
}

PROGRESS = by_group(
    desk=(
        "We are still looking into your case and will write to you soon.",
        "We have checked with the department concerned and they confirm it will be settled this "
        "week.",
        "Could you confirm your contact details, please?",
        "We have asked the warehouse for the information and will send it to you as soon as we "
        "have it.",
        "Please find attached the document you asked for.",
    ),
    service=(
        "The technician will call on {later} {day_part}. If you cannot be in, please let us "
        "know a day in advance.",
        "We have ordered the spare part from the warehouse and it will arrive in about five "
        "working days.",
        "Thank you for the serial number. We have checked that the appliance is under warranty.",
        "We are still waiting for the manufacturer's answer; we will let you know as soon as we "
        "have it.",
        "Could you send us a photo of the rating plate {of_the}?",
        "We have reviewed the visit report and the technician confirms a manufacturing defect.",
    ),
)

RESOLUTIONS: ByType = {
    T.INFORMATION: (
        "We can confirm that {the} has a three-year warranty covering parts and labour.",
        "Order {order} has left the warehouse and the carrier will deliver it on {later}.",
        "We have emailed you a copy of invoice {invoice}.",
    ),
    T.SUGGESTION: (
        "We are pleased to tell you that the {town} shop will open on Saturday mornings from "
        "next month, partly thanks to suggestions like yours.",
        "We have studied your proposal and cannot put it into practice for now, but we will "
        "keep it in mind at the next service review.",
        "Your idea has been added to the list of improvements for the app. Thank you again.",
    ),
    T.COMPLAINT: (
        "We have spoken to the team involved and taken steps so that it does not happen again. "
        "Once more, our apologies.",
        "We have booked a new visit with a senior technician, at no cost to you, for {later} "
        "{day_part}.",
        "We are closing the complaint with our apologies and a discount voucher for your next "
        "purchase.",
    ),
    T.CLAIM: (
        "We have upheld your claim: we are granting {remedy}, which you will receive within ten "
        "days.",
        "Having reviewed the technician's report, we accept your claim and are arranging {remedy}.",
        "We regret that we cannot uphold your claim, as the technician found that the appliance "
        "had been misused. If you disagree, you may contact the Catalan Consumer Agency.",
    ),
    T.AUTHORITY_REPORT: (
        "We have answered the authority's request and sent you a copy.",
        "We have reached an agreement with you and will inform the consumer information office.",
        "Our quality department has closed the file. Attached is the answer we sent to the "
        "consumer authority.",
    ),
    T.TECHNICAL: (
        "The technician has replaced the faulty part and {the} is working properly again. The "
        "repair was covered by the warranty.",
        "We have replaced {the} with a new unit, as the repair was not viable.",
        "The workshop repair is finished: you can collect the appliance from the {town} shop "
        "with your deposit receipt.",
    ),
    T.COMPLIMENT: (
        "We have passed your thanks on to the technician and their team. Thank you again!",
        "We have shared your message with the team at the {town} shop.",
        "Thank you once again. We are closing the case with great pleasure.",
    ),
}

STAFF_CONTEXT = (
    "Our opening hours are Monday to Friday, 8 am to 8 pm.",
    "Please keep your purchase invoice to hand.",
    "We apologise for any inconvenience this may cause.",
    "We will do everything we can to settle this soon.",
    "The legal warranty on our products is three years from the date of purchase.",
    "The legal deadline for our answer is one month, but we will try to answer sooner.",
    "We have noted your contact details on the case.",
    "If the visit does not suit you, we can easily change it.",
)

STAFF_CLOSINGS = (
    "You can check the status of your case at any time with reference {reference}.",
    "If you have any questions, simply reply to this email.",
    "We will keep you informed of any news.",
    "If you prefer, we can also call you.",
    "When you reply, please keep the reference in the subject line.",
    "Thank you for your patience.",
)

STAFF_GREETINGS = ("Good morning,", "Good afternoon,", "Dear {name},")
STAFF_SIGN_OFFS = (
    "Kind regards,\n{agent}\n{department}",
    "Best wishes,\n{agent}",
    "Yours sincerely,\n{agent}\n{department}",
)

NOTES = by_group(
    desk=(
        "Called the customer, no answer. Will try again on {later}.",
        "Confirmation email sent to the customer.",
        "Checked with Quality: they will discuss it at Thursday's meeting.",
        "The customer is very pleasant but in a hurry.",
        "History checked: no other open case for this customer.",
        "Passing the case to Sales, who handle this.",
        "We must answer in writing: the customer asked for it explicitly.",
    ),
    service=(
        "Called the customer, no answer. Will try again on {later}.",
        "Spare part ordered from the warehouse; due on {later}.",
        "Checked with the technical service: looks like a manufacturing defect.",
        "Need to check whether invoice {invoice} is duplicated in the system.",
        "Second visit booked for {later} {day_part}.",
        "History checked: third case from this customer about {the}.",
        "Waiting for Billing to confirm the amount of {amount}.",
        "Passing the case to the department head: it is above my authority limit.",
        "The carrier confirms delivery on {date}.",
        "No visit needed: the customer will do an assisted self-repair with the instructions.",
    ),
)

PHRASES = Phrasebook(
    subjects=SUBJECTS,
    openings=OPENINGS,
    details=DETAILS,
    context=CONTEXT,
    closings=CLOSINGS,
    follow_ups=FOLLOW_UPS,
    greetings=GREETINGS,
    sign_offs=SIGN_OFFS,
    acknowledgements=ACKNOWLEDGEMENTS,
    progress=PROGRESS,
    resolutions=RESOLUTIONS,
    staff_context=STAFF_CONTEXT,
    staff_closings=STAFF_CLOSINGS,
    staff_greetings=STAFF_GREETINGS,
    staff_sign_offs=STAFF_SIGN_OFFS,
    notes=NOTES,
)
